/**
 * One client's update on a fake port: the request it sends, on which read, concurrent edits,
 * failures whose outcome is unknown, stale plans, and verification on the update's answer.
 */
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { executeUpdate } from "../../src/apply/execute.js";
import { CognitoError, type CognitoPort } from "../../src/cognito/port.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../../src/cognito/retry.js";
import type { ApiConfig } from "../../src/model/convert.js";
import type { LiveClient, LiveRead } from "../../src/model/live.js";
import type { PoolContext } from "../../src/model/pool.js";
import type { ClientPlan } from "../../src/plan/model.js";
import { liveFingerprint, planClient } from "../../src/plan/planner.js";
import { type DeclaredClient, loadSpecFile } from "../../src/specfile/load.js";
import { FakeClock } from "../support/fake-clock.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";

const POOL = "us-east-1_AAAAAAAAA";
const ID = "web1";
const NEW = ["https://app.example.com/callback", "https://app.example.com/v2/callback"];
const OLD = ["https://app.example.com/callback"];
const LOGOUT = ["https://app.example.com/bye"];
const AGE = 30_000;

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

/** Plans the client as `plan` would (one Describe, at the clock's now), then forgets that call. */
async function planned(fake: FakeCognito, d: DeclaredClient, clock: FakeClock) {
  const live = await fake.describeClient(POOL, ID);
  const entry = planClient(d, live, "us-east-1");
  if (entry.action !== "update") throw new Error(`expected an update, got ${entry.action}`);
  fake.calls.length = 0;
  return { entry, read: { live, at: clock.now() } satisfies LiveRead };
}

/** Lets the plan's read grow older than the freshness bound. */
async function later(clock: FakeClock): Promise<void> {
  await clock.sleep(AGE + 1);
  clock.sleeps.length = 0;
}

function options(clock: FakeClock, more: { heldToSavedPlan?: boolean; pool?: PoolContext } = {}) {
  return { clock, concurrency: POLICY, retry: POLICY, maxReadAgeMs: AGE, ...more };
}

function errorOf(c: ClientPlan) {
  return c.action === "error" ? c.error : undefined;
}

/** An update that fails with `code`, and the run interrupted (SIGINT) as its answer comes in. */
async function interruptedByItsUpdate(code: string) {
  const { fake, clock, d } = setup();
  const { entry, read } = await planned(fake, d, clock);
  fake.fail("update", code);
  const run = new AbortController();
  const port: CognitoPort = Object.assign(Object.create(fake) as FakeCognito, {
    updateClient: (...args: Parameters<FakeCognito["updateClient"]>) =>
      fake.updateClient(...args).finally(() => run.abort("SIGINT")),
  });
  const result = await executeUpdate(d, entry, read, port, { ...options(clock), signal: run.signal });
  return { fake, result };
}

describe("executeUpdate on a fake port", () => {
  it("sends the whole merged configuration once, on the plan's read, and verifies AWS's answer: no read", async () => {
    const { fake, clock, d } = setup();
    const before = fake.client(POOL, ID).config;
    const { entry, read } = await planned(fake, d, clock);
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(result).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 1 },
    });
    expect(fake.calls.map((c) => c.op)).toEqual(["update"]);
    // Replace-on-omit: every member the spec does not name is sent as it was live.
    expect(fake.callsOf("update")[0]?.config).toEqual({ ...before, CallbackURLs: NEW });
    expect(fake.client(POOL, ID).config.LogoutURLs).toEqual(LOGOUT);
    expect(clock.sleeps).toEqual([]);
  });

  it("after ConcurrentModificationException, waits, reads again and rebuilds the request", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.conflictOnUpdate(ID, 2);
    // Whoever holds the client changes its logout URLs before our second attempt reads it again.
    fake.onDescribe = (_id, n) => {
      if (n === 1) fake.edit(POOL, ID, { LogoutURLs: ["https://other.example.com/bye"] });
    };
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(result).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 3 },
    });
    expect(clock.sleeps).toEqual([100, 200]);
    expect(fake.calls.map((c) => c.op)).toEqual(["update", "describe", "update", "describe", "update"]);
    const sent = fake.callsOf("update").map((c) => c.config?.LogoutURLs);
    expect(sent).toEqual([LOGOUT, ["https://other.example.com/bye"], ["https://other.example.com/bye"]]);
    expect(fake.client(POOL, ID).config).toMatchObject({
      CallbackURLs: NEW,
      LogoutURLs: ["https://other.example.com/bye"],
    });
  });

  it("gives up after the policy's attempts when the client is always being modified", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.conflictOnUpdate(ID, 1000);
    const run = new AbortController();
    const result = await executeUpdate(d, entry, read, fake, { ...options(clock), signal: run.signal });
    // Each back-off watched the run's signal, and let go of it when it ended.
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0);

    expect(result.action).toBe("error");
    expect(errorOf(result)?.code).toBe("ConcurrentModificationException");
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: POLICY.maxAttempts });
    expect(fake.callsOf("update")).toHaveLength(POLICY.maxAttempts);
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it("after a failure whose outcome is unknown, reads again before each new attempt, up to the policy", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.fail("update", "InternalErrorException");
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(errorOf(result)?.code).toBe("InternalErrorException");
    // Any of those requests may have been stored: the report must not read as "nothing written".
    expect(errorOf(result)?.message).toBe(
      "InternalErrorException (fake); an update was sent and its answer lost, so it may have been stored",
    );
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: POLICY.maxAttempts });
    expect(fake.calls.map((c) => c.op)).toEqual([
      "update",
      "describe",
      "update",
      "describe",
      "update",
      "describe",
      "update",
    ]);
  });

  it("after throttling, reads again; a client someone else brought in sync meanwhile is not counted as applied", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.fail("update", "TooManyRequestsException");
    fake.onDescribe = () => fake.edit(POOL, ID, { CallbackURLs: NEW });
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(result).toMatchObject({
      action: "no-op",
      outcome: { applied: false, converged: true, attempts: 1 },
    });
    expect(fake.calls.map((c) => c.op)).toEqual(["update", "describe"]);
  });

  it("after throttling to the end of the policy, says nothing may have been stored: throttled requests are turned away", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.fail("update", "TooManyRequestsException");
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(errorOf(result)).toEqual({
      code: "TooManyRequestsException",
      message: "TooManyRequestsException (fake)",
    });
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: POLICY.maxAttempts });
  });

  it("interrupted after an update whose answer was lost, reports it in flight (result unknown), not as not started", async () => {
    const { fake, result } = await interruptedByItsUpdate("InternalErrorException");

    expect(result.outcome).toEqual({
      applied: false,
      converged: false,
      attempts: 1,
      interrupted: "in-flight",
    });
    expect(fake.calls.map((c) => c.op)).toEqual(["update"]);
  });

  it("interrupted after a throttled update, reports it not started: AWS turned it away", async () => {
    const { result } = await interruptedByItsUpdate("TooManyRequestsException");

    expect(result.outcome).toEqual({
      applied: false,
      converged: false,
      attempts: 1,
      interrupted: "not-started",
    });
  });

  it("with a read older than the freshness bound, reads again and writes nothing when the client is now in sync", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.edit(POOL, ID, { CallbackURLs: [...NEW].reverse() });
    await later(clock);
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(result).toMatchObject({
      action: "no-op",
      outcome: { applied: false, converged: true, attempts: 0 },
    });
    expect(result.changes).toEqual([]);
    expect(fake.calls.map((c) => c.op)).toEqual(["describe"]);
  });

  it("with a read older than the freshness bound, sends the request the new read calls for", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.edit(POOL, ID, { LogoutURLs: undefined });
    await later(clock);
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(result).toMatchObject({ action: "update", outcome: { applied: true, converged: true } });
    expect(result.fingerprint).not.toBe(entry.fingerprint);
    expect(fake.callsOf("update")[0]?.config).not.toHaveProperty("LogoutURLs");
  });

  it("held to a saved plan, refuses a client found changed on a new read (StalePlan) and writes nothing", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.edit(POOL, ID, { LogoutURLs: ["https://other.example.com/bye"] });
    await later(clock);
    const result = await executeUpdate(d, entry, read, fake, options(clock, { heldToSavedPlan: true }));

    expect(errorOf(result)).toEqual({
      code: "StalePlan",
      message: "its live configuration changed since the plan was made; run plan again",
    });
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: 0 });
    expect(fake.callsOf("update")).toEqual([]);
  });

  it("held to a saved plan, applies a client that did not change", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    const result = await executeUpdate(d, entry, read, fake, options(clock, { heldToSavedPlan: true }));
    expect(result.outcome).toEqual({ applied: true, converged: true, attempts: 1 });
  });

  it("fails with AWS's code and does not retry any other error", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    fake.fail("update", new CognitoError("InvalidParameterException", "bad callback", false, 1));
    const result = await executeUpdate(d, entry, read, fake, options(clock));

    expect(errorOf(result)).toEqual({ code: "InvalidParameterException", message: "bad callback" });
    expect(result.outcome).toEqual({ applied: false, converged: false, attempts: 1 });
    expect(fake.calls.map((c) => c.op)).toEqual(["update"]);
    expect(clock.sleeps).toEqual([]);
  });

  it("sends nothing once the run is interrupted", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    const signal = AbortSignal.abort("SIGINT");
    const result = await executeUpdate(d, entry, read, fake, { ...options(clock), signal });
    expect(result.outcome).toEqual({
      applied: false,
      converged: false,
      attempts: 0,
      interrupted: "not-started",
    });
    expect(fake.calls).toEqual([]);
  });
});

describe("executeUpdate and the pool's settings", () => {
  it("checks a client planned again on a new read against the pool the plan read", async () => {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    // Someone gives the client an identity provider the pool does not have, between plan and apply.
    fake.edit(POOL, ID, { SupportedIdentityProviders: ["COGNITO", "Gone"] });
    await later(clock);
    const pool = { userPoolId: POOL, identityProviders: ["Google"] };
    const result = await executeUpdate(d, entry, read, fake, options(clock, { pool }));

    expect(errorOf(result)?.code).toBe("PoolMismatch");
    expect(errorOf(result)?.message).toContain('"Gone" is not an identity provider');
    expect(fake.callsOf("update")).toHaveLength(0);
  });
});

/** A port whose update answers with what `answer` makes of the configuration sent. */
function answering(answer: (config: ApiConfig) => LiveClient): CognitoPort {
  const fake = new FakeCognito();
  return {
    listClients: (p) => fake.listClients(p),
    describeClient: () => Promise.reject(new Error("no read expected")),
    updateClient: async (_p, _c, config, o) => {
      o?.onSent?.();
      return { client: answer(config) };
    },
    describePool: (p) => fake.describePool(p),
    listIdentityProviders: (p) => fake.listIdentityProviders(p),
    listResourceServers: (p) => fake.listResourceServers(p),
  };
}

describe("verification on the update's answer", () => {
  const live = (config: ApiConfig, unknownMembers: string[] = []): LiveClient => ({
    userPoolId: POOL,
    clientId: ID,
    clientName: "web",
    config,
    hasSecret: false,
    unknownMembers,
  });

  async function applyWith(answer: (config: ApiConfig) => LiveClient) {
    const { fake, clock, d } = setup();
    const { entry, read } = await planned(fake, d, clock);
    return executeUpdate(d, entry, read, answering(answer), { ...options(clock), retry: DEFAULT_RETRY });
  }

  it("reports a member it does not know in AWS's answer, rather than calling the client converged", async () => {
    const result = await applyWith((config) => live(config, ["PasskeyRelyingParty"]));
    expect(result).toMatchObject({
      action: "error",
      error: { code: "UnknownLiveField" },
      outcome: { applied: true, converged: false, attempts: 1 },
    });
    expect(errorOf(result)?.message).toContain("PasskeyRelyingParty");
  });

  it("reports NotConverged, applied, when the answer still differs from the spec", async () => {
    const result = await applyWith(() => live(awsConfig("web", { CallbackURLs: OLD })));
    expect(errorOf(result)).toEqual({
      code: "NotConverged",
      message: "after the update, callbackURLs still differ from the spec",
    });
    expect(result.outcome).toEqual({ applied: true, converged: false, attempts: 1 });
  });
});

describe("liveFingerprint", () => {
  it("changes when a member this version does not know appears, and not otherwise", () => {
    const config = awsConfig("web");
    const client = (unknownMembers: string[]): LiveClient => ({
      userPoolId: POOL,
      clientId: ID,
      clientName: "web",
      config,
      hasSecret: false,
      unknownMembers,
    });
    expect(liveFingerprint(client([]))).toBe(liveFingerprint({ ...client([]), config: { ...config } }));
    expect(liveFingerprint(client(["NewSetting"]))).not.toBe(liveFingerprint(client([])));
  });
});
