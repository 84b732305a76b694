/** One client's update on a fake port: the request it sends, concurrent edits, stale plans, verification. */
import { describe, expect, it } from "vitest";
import { executeUpdate } from "../../src/apply/execute.js";
import { CognitoError } from "../../src/cognito/port.js";
import type { RetryPolicy } from "../../src/cognito/retry.js";
import type { LiveClient } from "../../src/model/live.js";
import type { ClientPlan, UpdateEntry } from "../../src/plan/model.js";
import { planClient } from "../../src/plan/planner.js";
import { type DeclaredClient, loadSpecFile } from "../../src/specfile/load.js";
import { FakeClock } from "../support/fake-clock.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";

const POOL = "us-east-1_AAAAAAAAA";
const ID = "web1";
const NEW = ["https://app.example.com/callback", "https://app.example.com/v2/callback"];
const OLD = ["https://app.example.com/callback"];
const LOGOUT = ["https://app.example.com/bye"];

/** Waits of 100, 200, 400... ms (random = 1 takes the whole ceiling). */
const POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxTotalDelayMs: 60_000,
  random: () => 1,
};

const SPEC = `userPoolId: ${POOL}
clients:
  - clientName: web
    clientId: ${ID}
    callbackURLs:
${NEW.map((u) => `      - ${u}\n`).join("")}`;

function declared(): DeclaredClient {
  const loaded = loadSpecFile("web.yaml", new TextEncoder().encode(SPEC));
  expect(loaded.diagnostics).toEqual([]);
  const client = loaded.spec?.clients[0];
  if (!client) throw new Error("spec did not load");
  return client;
}

/** A web client with OAuth set up, and a logout URL the spec does not manage. */
function setup() {
  const fake = new FakeCognito();
  fake.seed(POOL, {
    clientId: ID,
    config: awsConfig("web", {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      SupportedIdentityProviders: ["COGNITO"],
      CallbackURLs: OLD,
      LogoutURLs: LOGOUT,
    }),
  });
  return { fake, clock: new FakeClock(), d: declared() };
}

/** Plans the client as `plan` would (one Describe), then forgets that call. */
async function planned(
  fake: FakeCognito,
  d: DeclaredClient,
): Promise<{ entry: UpdateEntry; live: LiveClient }> {
  const live = await fake.describeClient(POOL, ID);
  const entry = planClient(d, live, "us-east-1");
  if (entry.action !== "update") throw new Error(`expected an update, got ${entry.action}`);
  fake.calls.length = 0;
  return { entry, live };
}

function errorOf(c: ClientPlan) {
  return c.action === "error" ? c.error : undefined;
}

describe("executeUpdate on a fake port", () => {
  it("sends the whole merged configuration once, reads the client back, and reports it converged", async () => {
    const { fake, clock, d } = setup();
    const before = fake.client(POOL, ID).config;
    const { entry, live } = await planned(fake, d);
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(result).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 1 },
    });
    expect(fake.calls.map((c) => c.op)).toEqual(["describe", "update", "describe"]);
    // Replace-on-omit: every member the spec does not name is sent as it was live.
    expect(fake.callsOf("update")[0]?.config).toEqual({ ...before, CallbackURLs: NEW });
    expect(fake.client(POOL, ID).config.LogoutURLs).toEqual(LOGOUT);
    expect(clock.sleeps).toEqual([]);
  });

  it("after ConcurrentModificationException, waits, reads again and rebuilds the request", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.conflictOnUpdate(ID, 2);
    // Whoever holds the client changes its logout URLs before our second attempt reads it again.
    fake.onDescribe = (_id, n) => {
      if (n === 2) fake.edit(POOL, ID, { LogoutURLs: ["https://other.example.com/bye"] });
    };
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(result).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 3 },
    });
    expect(clock.sleeps).toEqual([100, 200]);
    expect(fake.calls.map((c) => c.op)).toEqual([
      "describe",
      "update",
      "describe",
      "update",
      "describe",
      "update",
      "describe",
    ]);
    const sent = fake.callsOf("update").map((c) => c.config?.LogoutURLs);
    expect(sent).toEqual([LOGOUT, ["https://other.example.com/bye"], ["https://other.example.com/bye"]]);
    expect(fake.client(POOL, ID).config).toMatchObject({
      CallbackURLs: NEW,
      LogoutURLs: ["https://other.example.com/bye"],
    });
  });

  it("gives up after the policy's attempts when the client is always being modified", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.conflictOnUpdate(ID, 1000);
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(result.action).toBe("error");
    expect(errorOf(result)?.code).toBe("ConcurrentModificationException");
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: POLICY.maxAttempts });
    expect(fake.callsOf("update")).toHaveLength(POLICY.maxAttempts);
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it("plans again when the client changed since the plan, and writes nothing when it is now in sync", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.edit(POOL, ID, { CallbackURLs: [...NEW].reverse() });
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(result).toMatchObject({
      action: "no-op",
      outcome: { applied: false, converged: true, attempts: 0 },
    });
    expect(result.changes).toEqual([]);
    expect(fake.callsOf("update")).toEqual([]);
  });

  it("plans again when the client changed since the plan, and sends the new plan's request", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.edit(POOL, ID, { LogoutURLs: undefined });
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(result).toMatchObject({ action: "update", outcome: { applied: true, converged: true } });
    expect(result.fingerprint).not.toBe(entry.fingerprint);
    expect(fake.callsOf("update")[0]?.config).not.toHaveProperty("LogoutURLs");
  });

  it("held to a saved plan, refuses a client that changed since (StalePlan) and writes nothing", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.edit(POOL, ID, { LogoutURLs: ["https://other.example.com/bye"] });
    const result = await executeUpdate(d, entry, live, fake, {
      clock,
      concurrency: POLICY,
      heldToSavedPlan: true,
    });

    expect(errorOf(result)).toEqual({
      code: "StalePlan",
      message: "its live configuration changed since the plan was made; run plan again",
    });
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: 0 });
    expect(fake.callsOf("update")).toEqual([]);
  });

  it("held to a saved plan, applies a client that did not change", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    const result = await executeUpdate(d, entry, live, fake, {
      clock,
      concurrency: POLICY,
      heldToSavedPlan: true,
    });
    expect(result.outcome).toEqual({ applied: true, converged: true, attempts: 1 });
  });

  it("reports NotConverged, applied, when the client read back still differs from its spec", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.onDescribe = (_id, n) => {
      if (n === 2) fake.edit(POOL, ID, { CallbackURLs: OLD });
    };
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(errorOf(result)).toEqual({
      code: "NotConverged",
      message: "after the update, callbackURLs still differ from the spec",
    });
    expect(result.outcome).toEqual({ applied: true, converged: false, attempts: 1 });
  });

  it("reports VerifyFailed, applied, when reading the client back fails", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.onDescribe = (_id, n) => {
      if (n === 2) throw new CognitoError("InternalErrorException", "Internal server error.", true, 10);
    };
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(errorOf(result)).toEqual({
      code: "VerifyFailed",
      message: "updated, but reading it back failed: Internal server error.",
    });
    expect(result.outcome).toEqual({ applied: true, converged: false, attempts: 1 });
    expect(fake.client(POOL, ID).config.CallbackURLs).toEqual(NEW);
  });

  it("fails with AWS's code and does not retry any other error", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.fail("update", new CognitoError("InvalidParameterException", "bad callback", false, 1));
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(errorOf(result)).toEqual({ code: "InvalidParameterException", message: "bad callback" });
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: 1 });
    expect(fake.callsOf("update")).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("counts the attempts the adapter made for a request that failed after its own retries", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    fake.fail("update", new CognitoError("TooManyRequestsException", "Rate exceeded", true, 10));
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY });

    expect(errorOf(result)?.code).toBe("TooManyRequestsException");
    expect(result.outcome?.attempts).toBe(10);
    expect(fake.callsOf("update")).toHaveLength(1);
  });
});

describe("executeUpdate and the pool's settings", () => {
  it("checks a client planned again (it changed since the plan) against the pool the plan read", async () => {
    const { fake, clock, d } = setup();
    const { entry, live } = await planned(fake, d);
    // Someone gives the client an identity provider the pool does not have, between plan and apply.
    fake.edit(POOL, ID, { SupportedIdentityProviders: ["COGNITO", "Gone"] });
    const pool = { userPoolId: POOL, identityProviders: ["Google"] };
    const result = await executeUpdate(d, entry, live, fake, { clock, concurrency: POLICY, pool });

    expect(errorOf(result)?.code).toBe("PoolMismatch");
    expect(errorOf(result)?.message).toContain('"Gone" is not an identity provider');
    expect(fake.callsOf("update")).toHaveLength(0);
  });
});
