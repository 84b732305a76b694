/** An endpoint that accepts connections and never answers: every request ends, with a clear error. */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { CognitoError } from "../../src/cognito/port.js";
import { planSpecs } from "../../src/commands/plan.js";
import type { SpecFile } from "../../src/specfile/load.js";

let server: Server;
let endpoint: string;
const sockets: Socket[] = [];
let accepted = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    accepted++;
    sockets.push(socket); // read nothing back, answer nothing
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Short timeouts and retries, so the test waits about a second rather than two minutes. */
function silentAdapter(maxTotalDelayMs = 60_000): AwsCognito {
  return new AwsCognito({
    region: "us-east-1",
    endpoint,
    timeouts: { connectMs: 500, responseMs: 300 },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, maxTotalDelayMs, random: () => 1 },
  });
}

describe("a server that never answers", () => {
  it("fails a read after its retries with a TimeoutError that says so", async () => {
    const before = accepted;
    const started = performance.now();
    const err = await silentAdapter()
      .describeClient("us-east-1_X", "c1")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CognitoError);
    expect(err).toMatchObject({ code: "TimeoutError", retryable: true, attempts: 3 });
    expect((err as Error).message).toMatch(/^Cognito did not answer in time \(3 attempts\): .*300 ms/);
    expect(accepted - before).toBe(3);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("counts the time timed-out attempts took against the retry budget", async () => {
    const err = await silentAdapter(400)
      .describeClient("us-east-1_X", "c1")
      .catch((e: unknown) => e);
    // 300 ms + 20 ms of waiting leaves room for a second attempt, not a third.
    expect(err).toMatchObject({ code: "TimeoutError", attempts: 2 });
  });

  it("sends an update once: its fate is unknown, and only apply may decide to send it again", async () => {
    const before = accepted;
    const err = await silentAdapter()
      .updateClient("us-east-1_X", "c1", { ClientName: "a" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TimeoutError", retryable: true, attempts: 1 });
    expect(accepted - before).toBe(1);
  });

  it("ends a plan with an error entry per client instead of hanging", async () => {
    const spec: SpecFile = {
      file: "x.yaml",
      userPoolId: "us-east-1_X",
      region: undefined,
      clients: ["a", "b"].map((id, index) => ({
        userPoolId: "us-east-1_X",
        region: undefined,
        spec: { clientId: id, clientName: id },
        source: { file: "x.yaml", line: index + 3, column: 5, index },
      })),
    };
    const adapter = silentAdapter();
    const { plan } = await planSpecs([spec], { connect: () => adapter, clientNames: ["a", "b"] });
    expect(plan.summary).toMatchObject({ clients: 2, error: 2 });
    for (const c of plan.clients)
      expect(c).toMatchObject({ action: "error", error: { code: "TimeoutError" } });
  });
});
