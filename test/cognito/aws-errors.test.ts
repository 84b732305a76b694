import { describe, expect, it } from "vitest";
import { isRetryable } from "../../src/cognito/aws-errors.js";

describe("which failures are worth another attempt", () => {
  it("retries 5xx answers, but not an operation the endpoint does not offer (cognito-local answers those with a 500)", () => {
    expect(isRetryable({ name: "InternalErrorException", $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isRetryable({ name: "SomethingElse", $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryable({ name: "Unsupported", $metadata: { httpStatusCode: 500 } })).toBe(false);
    expect(isRetryable({ name: "UnknownOperationException", $metadata: { httpStatusCode: 400 } })).toBe(
      false,
    );
    expect(isRetryable({ name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } })).toBe(false);
  });
});
