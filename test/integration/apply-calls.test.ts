/**
 * What an apply costs and how it retries, against the strict emulator: N reads + D writes, each
 * write right after its own read; a failed update rebuilt from a fresh read, never resent stale.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import type { RetryPolicy } from "../../src/cognito/retry.js";
import { applySpecs } from "../../src/commands/apply.js";
import { validate } from "../../src/commands/validate.js";
import { runInProcess } from "../support/cli.js";
import { FakeClock, seededRandom } from "../support/fake-clock.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;
const env = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  COGNITO_GITOPS_RATES: "1000,1000,1000",
};

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("calls", "us-east-1");
});
afterEach(() => emu.close());

/** n clients named app0..; those in `drifted` have an old callback URL. */
function seed(n: number, drifted: ReadonlySet<number>): { ids: string[]; dir: string } {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const url = drifted.has(i) ? "https://old.example.com" : `https://app${i}.example.com`;
    ids.push(
      emu.createClient(pool, {
        ClientName: `app${i}`,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: [url],
        LogoutURLs: ["https://bye.example.com"],
      }).ClientId,
    );
  }
  const clients = ids.map((_, i) => ({
    clientName: `app${i}`,
    callbackURLs: [`https://app${i}.example.com`],
  }));
  return { ids, dir: specDir({ "apps.yaml": { userPoolId: pool, clients } }) };
}

const fast = (random = seededRandom(3)): RetryPolicy => ({
  maxAttempts: 10,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxTotalDelayMs: 120_000,
  random,
});

function adapterOn(clock: FakeClock) {
  return (region: string) =>
    new AwsCognito({
      region,
      endpoint: emu.endpoint,
      clock,
      rates: { accountRead: 1000, accountWrite: 1000, poolOperation: 1000 },
      retry: fast(),
    });
}

describe("the calls an apply makes", () => {
  it("is N reads + D writes: one Describe per managed client, one Update per drifted client, no read-back", async () => {
    const drifted = new Set([1, 4, 7, 10]);
    const { ids, dir } = seed(12, drifted);
    for (const extra of [[], ["--max-changes", "4"]]) {
      emu.resetCalls();
      for (const i of drifted)
        emu.patchClient(pool, ids[i] ?? "", { CallbackURLs: ["https://old.example.com"] });
      const r = await runInProcess(["apply", "--output", "json", "--endpoint", emu.endpoint, ...extra], {
        cwd: dir,
        env,
      });
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      // Plus the pool's own settings, read once for the pool checks of its updates.
      expect(json.calls).toEqual({
        ListUserPoolClients: 1,
        DescribeUserPoolClient: 12,
        UpdateUserPoolClient: 4,
        DescribeUserPool: 1,
        ListIdentityProviders: 1,
        ListResourceServers: 1,
      });
      expect(emu.callsOf("DescribeUserPoolClient")).toHaveLength(12);
      const updated = emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientId);
      expect(new Set(updated)).toEqual(new Set([...drifted].map((i) => ids[i])));
      expect(json.clients.filter((c: { applied: boolean }) => c.applied)).toHaveLength(4);
      for (const i of drifted) {
        expect(emu.rawClient(pool, ids[i] ?? "").CallbackURLs).toEqual([`https://app${i}.example.com`]);
      }
    }
  });

  it("writes a drifted client right after the read that found it, while other reads go on", async () => {
    const { ids, dir } = seed(30, new Set([0, 1]));
    emu.faults.latencyMs = 20;
    const r = await runInProcess(["apply", "--output", "json", "--endpoint", emu.endpoint], {
      cwd: dir,
      env: { ...env, COGNITO_GITOPS_RATES: "50,50,50" },
    });
    expect(r.code).toBe(0);
    const order = emu.calls.map((c) => `${c.operation}:${c.input.ClientId ?? ""}`);
    const firstUpdate = order.findIndex((c) => c.startsWith("UpdateUserPoolClient"));
    const lastRead = order.findLastIndex((c) => c.startsWith("DescribeUserPoolClient"));
    expect(firstUpdate).toBeGreaterThan(0);
    expect(firstUpdate).toBeLessThan(lastRead); // writes overlap the reads
    for (const id of ids.slice(0, 2)) {
      expect(order.indexOf(`DescribeUserPoolClient:${id}`)).toBeLessThan(
        order.indexOf(`UpdateUserPoolClient:${id}`),
      );
    }
  });
});

describe("a failed update is rebuilt from a fresh read", () => {
  it("keeps an unmanaged field another actor changes between 5xx failures; exactly one update succeeds", async () => {
    const { ids, dir } = seed(3, new Set([1]));
    const target = ids[1] ?? "";
    emu.faults.internalErrors = new Map([[target, 3]]);
    let edits = 0;
    emu.faults.onRequest = (operation, input) => {
      // The console edit lands while the failing update is on its way.
      if (operation === "UpdateUserPoolClient" && input.ClientId === target && edits < 3) {
        emu.patchClient(pool, target, { LogoutURLs: [`https://edit-${++edits}.example.com`] });
      }
    };
    const report = await validate(["."], dir);
    const clock = new FakeClock();
    const result = await applySpecs(report.specs, { connect: adapterOn(clock), clock, retry: fast() });
    const after = emu.rawClient(pool, target);
    expect(after.LogoutURLs).toEqual(["https://edit-3.example.com"]);
    expect(after.CallbackURLs).toEqual(["https://app1.example.com"]);
    const updates = emu.callsOf("UpdateUserPoolClient");
    expect(updates.map((c) => c.status)).toEqual([500, 500, 500, 200]);
    // Every retry was built from its own read: each carries the edit made before it.
    expect(updates.slice(1).map((c) => c.input.LogoutURLs)).toEqual([
      ["https://edit-1.example.com"],
      ["https://edit-2.example.com"],
      ["https://edit-3.example.com"],
    ]);
    expect(emu.callsOf("DescribeUserPoolClient").filter((c) => c.input.ClientId === target)).toHaveLength(4);
    const entry = result.plan.clients.find((c) => c.clientId === target);
    expect(entry).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 4 },
    });
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it("does not write again when the answer to a stored update was lost: it reads first and finds it done", async () => {
    const { ids, dir } = seed(2, new Set([0]));
    const target = ids[0] ?? "";
    emu.faults.lostAnswers = new Map([[target, 1]]);
    const report = await validate(["."], dir);
    const clock = new FakeClock();
    const result = await applySpecs(report.specs, { connect: adapterOn(clock), clock, retry: fast() });
    expect(emu.callsOf("UpdateUserPoolClient").map((c) => c.status)).toEqual([500]);
    expect(emu.callsOf("DescribeUserPoolClient").filter((c) => c.input.ClientId === target)).toHaveLength(2);
    expect(result.plan.clients[0]).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 1 },
    });
    expect(emu.rawClient(pool, target).CallbackURLs).toEqual(["https://app0.example.com"]);
  });

  it("refuses the retry when a field it does not know appeared before the read it would be built from", async () => {
    const { ids, dir } = seed(1, new Set([0]));
    const target = ids[0] ?? "";
    emu.faults.internalErrors = new Map([[target, 1]]);
    emu.faults.onRequest = (operation) => {
      if (operation === "UpdateUserPoolClient")
        emu.patchClient(pool, target, { PasskeyRelyingParty: { Id: "x" } });
    };
    const report = await validate(["."], dir);
    const clock = new FakeClock();
    const result = await applySpecs(report.specs, { connect: adapterOn(clock), clock, retry: fast() });
    expect(result.plan.clients[0]).toMatchObject({
      action: "error",
      error: { code: "UnknownLiveField" },
      outcome: { applied: false, converged: false, attempts: 1 },
    });
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(1);
    expect(emu.rawClient(pool, target).PasskeyRelyingParty).toEqual({ Id: "x" });
  });
});
