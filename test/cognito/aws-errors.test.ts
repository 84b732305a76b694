import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { isRetryable, requestFailure } from "../../src/cognito/aws-errors.js";
import { CognitoError } from "../../src/cognito/port.js";
import { withoutRequestId } from "../../src/errors.js";
import { errorGroups } from "../../src/render/values.js";
import { FakeClock } from "../support/fake-clock.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

/** A Node network error as the SDK's HTTP handler passes it on. */
function netError(code: string, message: string) {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 1 } });
}

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

  it("retries throttling, timeouts and network failures that may pass, not a host that does not exist nor a refused connection", () => {
    expect(isRetryable({ name: "TooManyRequestsException" })).toBe(true);
    expect(isRetryable({ name: "TimeoutError" })).toBe(true);
    for (const code of ["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]) {
      expect(isRetryable(netError(code, code))).toBe(true);
    }
    expect(isRetryable(netError("ENOTFOUND", "getaddrinfo ENOTFOUND cognito-idp.mars-1.amazonaws.com"))).toBe(
      false,
    );
    expect(isRetryable(netError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"))).toBe(false);
  });
});

describe("what a failed request says", () => {
  it("names the endpoint it could not reach", () => {
    const endpoint = "https://cognito-idp.us-east-1.amazonaws.com.example";
    const dns = requestFailure(
      netError("ENOTFOUND", `getaddrinfo ENOTFOUND ${endpoint.slice(8)}`),
      1,
      endpoint,
    );
    expect(dns).toBeInstanceOf(CognitoError);
    expect(dns).toMatchObject({ code: "ENOTFOUND", retryable: false });
    expect(dns.message).toBe(
      `could not reach ${endpoint}: its host name does not resolve (getaddrinfo ENOTFOUND cognito-idp.us-east-1.amazonaws.com.example); check --endpoint (or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), the Region and the network`,
    );
    const refused = requestFailure(
      netError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9"),
      1,
      "http://127.0.0.1:9",
    );
    expect(refused.message).toMatch(
      /^could not reach http:\/\/127\.0\.0\.1:9: the connection was refused \(/,
    );
  });

  it("keeps AWS's request ID, and only a well-formed one", () => {
    const aws = Object.assign(new Error("Access denied for DescribeUserPoolClient"), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 400, requestId: "1f2e3d4c-0000-4000-8000-123456789abc" },
    });
    expect(requestFailure(aws, 1).message).toBe(
      "Access denied for DescribeUserPoolClient (AWS request ID 1f2e3d4c-0000-4000-8000-123456789abc)",
    );
    const odd = { ...aws, message: "denied", $metadata: { requestId: "x y\nz" } };
    expect(requestFailure(odd, 1).message).toBe("denied");
  });

  it("groups clients whose errors differ only by their request IDs", () => {
    const entry = (id: string, requestId: string) => ({
      userPoolId: "us-east-1_AAAAAAAAA",
      region: "us-east-1",
      clientId: id,
      source: { file: "a.yaml", line: 1 },
      changes: [],
      risks: [],
      patch: [],
      specFingerprint: "",
      action: "error" as const,
      error: { code: "AccessDeniedException", message: `denied (AWS request ID ${requestId})` },
    });
    expect(withoutRequestId("denied (AWS request ID r-1); more")).toBe("denied; more");
    expect(errorGroups([entry("a", "r-1"), entry("b", "r-2")])).toHaveLength(1);
  });
});

describe("an endpoint that cannot be reached", () => {
  it("fails a read at its first attempt, naming the endpoint", async () => {
    // A port nothing listens on: taken, then freed.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const endpoint = `http://127.0.0.1:${port}`;
    const clock = new FakeClock();
    const adapter = new AwsCognito({ region: "us-east-1", endpoint, clock });
    try {
      const err = await adapter.describeClient("us-east-1_AAAAAAAAA", "abc").catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "ECONNREFUSED", attempts: 1 });
      expect((err as Error).message).toContain(`could not reach ${endpoint}: the connection was refused`);
      expect(clock.sleeps.filter((ms) => ms > 0)).toEqual([]);
      expect(adapter.stats.calls.get("DescribeUserPoolClient")).toBe(1);
    } finally {
      adapter.destroy();
    }
  });
});

describe("an AWS error through the adapter", () => {
  it("carries the request ID AWS sent", async () => {
    const emu: StrictEmulator = await startStrictEmulator();
    const pool = emu.createPool("ids");
    const adapter = new AwsCognito({ region: "us-east-1", endpoint: emu.endpoint });
    try {
      const err = await adapter.describeClient(pool, "nosuchclient").catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "ResourceNotFoundException" });
      expect((err as Error).message).toMatch(/ \(AWS request ID [0-9a-f-]{36}\)$/);
    } finally {
      adapter.destroy();
      await emu.close();
    }
  });
});
