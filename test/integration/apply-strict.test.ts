/**
 * apply against the strict emulator, which resets every member an update omits, as AWS does:
 * a partial update would show here as lost settings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { applySpecs } from "../../src/commands/apply.js";
import { validate } from "../../src/commands/validate.js";
import { type CliResult, runInProcess, runSubprocess } from "../support/cli.js";
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
const flags = () => ["--endpoint", emu.endpoint, "--region", "us-east-1"];

/** A client with twenty settings, as a real one has after a year in production. */
const RICH = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code"],
  AllowedOAuthScopes: ["email", "openid", "profile"],
  CallbackURLs: ["https://app.example.com/callback", "https://app.example.com/alt"],
  LogoutURLs: ["https://app.example.com/bye"],
  DefaultRedirectURI: "https://app.example.com/callback",
  SupportedIdentityProviders: ["COGNITO"],
  ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
  ReadAttributes: ["email", "email_verified", "name"],
  WriteAttributes: ["name"],
  AccessTokenValidity: 30,
  IdTokenValidity: 45,
  RefreshTokenValidity: 7,
  TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
  PreventUserExistenceErrors: "ENABLED",
  EnableTokenRevocation: false,
  AuthSessionValidity: 7,
  EnablePropagateAdditionalUserContextData: true,
  RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 30 },
  AnalyticsConfiguration: {
    ApplicationArn: "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abcdef",
    UserDataShared: true,
  },
};

function withoutDates(raw: Record<string, unknown>): Record<string, unknown> {
  const { LastModifiedDate: _a, ...rest } = raw;
  return rest;
}

function apply(args: string[], cwd: string): Promise<CliResult> {
  return runInProcess(["apply", ...args, ...flags()], { cwd, env });
}

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("apply", "us-east-1");
});
afterEach(() => emu.close());

describe("apply against the strict emulator", () => {
  it("changes the two fields a spec names and leaves the eighteen others exactly as they were", async () => {
    const { ClientId, ClientSecret } = emu.createClient(pool, {
      ClientName: "rich",
      GenerateSecret: true,
      ...RICH,
    });
    const before = emu.rawClient(pool, ClientId);
    const dir = specDir({
      "rich.yaml": {
        userPoolId: pool,
        clients: [
          {
            clientName: "rich",
            callbackURLs: ["https://app.example.com/callback", "https://app.example.com/new"],
            enableTokenRevocation: true,
          },
        ],
      },
    });
    const r = await apply(["--output", "json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const after = emu.rawClient(pool, ClientId);
    expect(after.CallbackURLs).toEqual(["https://app.example.com/callback", "https://app.example.com/new"]);
    expect(after.EnableTokenRevocation).toBe(true);
    const { CallbackURLs: _c1, EnableTokenRevocation: _e1, ...restBefore } = withoutDates(before);
    const { CallbackURLs: _c2, EnableTokenRevocation: _e2, ...restAfter } = withoutDates(after);
    expect(Object.keys(restBefore).length).toBeGreaterThanOrEqual(18);
    expect(restAfter).toEqual(restBefore);
    expect(after.ClientSecret).toBe(ClientSecret);
    const json = JSON.parse(r.stdout);
    expect(json.clients[0]).toMatchObject({ action: "update", applied: true, converged: true, attempts: 1 });
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(1);
    expect(r.stdout).not.toContain(ClientSecret ?? "no secret");
  });

  it("with M of N clients drifted makes exactly M updates, and a second apply makes none", async () => {
    const spec = (name: string) => ({
      clientName: name,
      allowedOAuthFlowsUserPoolClient: true,
      callbackURLs: [`https://${name}.example.com/cb`],
      accessTokenValidity: 1,
    });
    const names = Array.from({ length: 12 }, (_, i) => `app${i}`);
    const drifted = new Set(["app2", "app5", "app7", "app11"]);
    for (const n of names) {
      emu.createClient(pool, {
        ClientName: n,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: [drifted.has(n) ? `https://${n}.example.com/old` : `https://${n}.example.com/cb`],
        AccessTokenValidity: 1,
      });
    }
    const dir = specDir({ "apps.yaml": { userPoolId: pool, clients: names.map(spec) } });
    const first = await apply([], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Apply: 4 updated, 8 in sync, 0 errors\.$/m);
    const updated = emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientName);
    expect(new Set(updated)).toEqual(drifted);
    expect(updated).toHaveLength(4);
    emu.resetCalls();
    const second = await apply([], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Nothing to do");
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(0);
  });

  it("converges every client under 30% throttling, 5% InternalError and ConcurrentModification, sending each change once", async () => {
    const names = Array.from({ length: 24 }, (_, i) => `svc${i}`);
    const ids = new Map<string, string>();
    for (const n of names) {
      const { ClientId } = emu.createClient(pool, {
        ClientName: n,
        GenerateSecret: true,
        ...RICH,
        AccessTokenValidity: 20,
      });
      ids.set(n, ClientId);
    }
    emu.faults.throttleRate = 0.3;
    emu.faults.internalErrorRate = 0.05;
    emu.faults.concurrentModification = new Map(
      names.filter((_, i) => i % 4 === 0).map((n) => [ids.get(n) ?? "", 1]),
    );
    const dir = specDir({
      "svc.yaml": {
        userPoolId: pool,
        clients: names.map((n) => ({
          clientName: n,
          accessTokenValidity: 40,
          tokenValidityUnits: { accessToken: "minutes" },
        })),
      },
    });
    const report = await validate(["."], dir);
    const clock = new FakeClock();
    // Other callers share the account in real life: the emulator's faults stand for them.
    const restore = Math.random;
    const random = seededRandom(7);
    const result = await applySpecs(report.specs, {
      connect: (region) =>
        new AwsCognito({
          region,
          endpoint: emu.endpoint,
          clock,
          rates: { accountRead: 15, accountWrite: 15, poolOperation: 5 },
          retry: { maxAttempts: 10, baseDelayMs: 200, maxDelayMs: 10_000, maxTotalDelayMs: 120_000, random },
        }),
      clock,
      concurrency: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 5_000, maxTotalDelayMs: 60_000, random },
    });
    Math.random = restore;
    expect(result.plan.summary).toMatchObject({ update: 24, error: 0 });
    expect(result.plan.clients.every((c) => c.outcome?.applied && c.outcome.converged)).toBe(true);
    for (const n of names) {
      expect(emu.rawClient(pool, ids.get(n) ?? "").AccessTokenValidity).toBe(40);
      // Nothing else lost on the way.
      expect(emu.rawClient(pool, ids.get(n) ?? "").RefreshTokenRotation).toEqual(RICH.RefreshTokenRotation);
    }
    const updates = emu.callsOf("UpdateUserPoolClient");
    const succeeded = updates.filter((c) => c.status === 200).map((c) => c.input.ClientId);
    expect(succeeded.sort()).toEqual([...ids.values()].sort()); // one successful update per client
    expect(updates.filter((c) => c.error === "TooManyRequestsException").length).toBeGreaterThan(0);
    expect(updates.filter((c) => c.error === "ConcurrentModificationException")).toHaveLength(6);
    const attempts = result.plan.clients.map((c) => c.outcome?.attempts ?? 0);
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(updates.length);
    expect(clock.sleeps.length).toBeGreaterThan(0); // waited on the fake clock, not in real time
  });

  it("re-reads a client whose read grew older than the freshness bound, so a console edit made meanwhile is kept", async () => {
    const { ClientId } = emu.createClient(pool, {
      ClientName: "busy",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: ["https://old.example.com"],
    });
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "busy", callbackURLs: ["https://new.example.com"] }],
      },
    });
    const report = await validate(["."], dir);
    let reads = 0;
    let edit = "https://bye.example.com";
    const connect = (region: string) => {
      const aws = new AwsCognito({
        region,
        endpoint: emu.endpoint,
        rates: { accountRead: 1e4, accountWrite: 1e4, poolOperation: 1e4 },
      });
      const describe = aws.describeClient.bind(aws);
      // Someone edits the client in the console right after the plan has read it.
      aws.describeClient = async (p, id) => {
        const live = await describe(p, id);
        if (++reads === 1) emu.patchClient(pool, ClientId, { LogoutURLs: [edit] });
        return live;
      };
      return aws;
    };
    // --max-changes makes every read come first; a read older than maxReadAgeMs (0 here) is taken again.
    const gated = { connect, maxChanges: 5, maxReadAgeMs: 0 };
    const result = await applySpecs(report.specs, gated);
    expect(result.plan.clients[0]?.outcome).toMatchObject({ applied: true, converged: true });
    const after = emu.rawClient(pool, ClientId);
    expect(after.CallbackURLs).toEqual(["https://new.example.com"]);
    expect(after.LogoutURLs).toEqual(["https://bye.example.com"]);
    expect(emu.callsOf("DescribeUserPoolClient")).toHaveLength(2);

    // Applying a saved plan, the same edit makes the client stale instead.
    emu.patchClient(pool, ClientId, { CallbackURLs: ["https://old.example.com"] });
    reads = 1; // the plan below reads undisturbed
    const { planSpecs } = await import("../../src/commands/plan.js");
    const saved = (await planSpecs(report.specs, { connect })).plan;
    reads = 0;
    edit = "https://bye-again.example.com";
    const held = await applySpecs(report.specs, { ...gated, savedPlan: saved });
    expect(held.plan.clients[0]).toMatchObject({ outcome: { applied: false }, error: { code: "StalePlan" } });
    expect(emu.rawClient(pool, ClientId).CallbackURLs).toEqual(["https://old.example.com"]);
  });

  it("refuses to update a client whose live state holds a field it does not know", async () => {
    const known = emu.createClient(pool, {
      ClientName: "known",
      CallbackURLs: ["https://a.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const odd = emu.createClient(pool, {
      ClientName: "odd",
      CallbackURLs: ["https://a.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    emu.patchClient(pool, odd.ClientId, { PasskeyRelyingParty: { Id: "example.com" } });
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [
          { clientName: "known", callbackURLs: ["https://b.example.com"] },
          { clientName: "odd", callbackURLs: ["https://b.example.com"] },
        ],
      },
    });
    const r = await apply([], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("UnknownLiveField: the live client has field(s) PasskeyRelyingParty");
    expect(r.stdout).toContain("upgrade cognito-gitops");
    const updated = emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientId);
    expect(updated).toEqual([known.ClientId]);
    expect(emu.rawClient(pool, odd.ClientId).PasskeyRelyingParty).toEqual({ Id: "example.com" });
  });

  it("drift still reports a console edit on a client apply would refuse, with the reason as a warning", async () => {
    const odd = emu.createClient(pool, {
      ClientName: "odd",
      CallbackURLs: ["https://a.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    // A field newer than this version, and a console edit away from the spec.
    emu.patchClient(pool, odd.ClientId, {
      PasskeyRelyingParty: { Id: "example.com" },
      CallbackURLs: ["https://attacker.example.net"],
    });
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "odd", callbackURLs: ["https://a.example.com"] }],
      },
    });
    const r = await runInProcess(["drift", ".", "--output", "json", ...flags()], { cwd: dir, env });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({ update: 1, error: 0 });
    const [client] = json.clients;
    expect(client.changes.map((c: { field: string }) => c.field)).toEqual(["callbackURLs"]);
    expect(client.warnings).toEqual([
      {
        rule: "unknown-live-field",
        message:
          "apply would refuse this client: the live client has field(s) PasskeyRelyingParty that this version of cognito-gitops does not know; they would be reset by an update; upgrade cognito-gitops",
      },
    ]);
    expect(emu.callsOf("UpdateUserPoolClient")).toEqual([]);
  });

  it("applies a saved plan, refusing only the client that changed since", async () => {
    const a = emu.createClient(pool, {
      ClientName: "a",
      CallbackURLs: ["https://old.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const b = emu.createClient(pool, {
      ClientName: "b",
      CallbackURLs: ["https://old.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: ["a", "b"].map((n) => ({ clientName: n, callbackURLs: ["https://new.example.com"] })),
      },
    });
    const planned = await runInProcess(["plan", "--out", "plan.json", ...flags()], { cwd: dir, env });
    expect(planned.code).toBe(0);
    // Someone edits b in the console after the plan was reviewed.
    emu.patchClient(pool, b.ClientId, { LogoutURLs: ["https://bye.example.com"] });
    const r = await apply(["--plan-file", "plan.json", "--output", "json"], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const byName = (n: string) => json.clients.find((c: { clientName: string }) => c.clientName === n);
    expect(byName("a")).toMatchObject({ action: "update", applied: true, converged: true });
    expect(byName("b")).toMatchObject({ action: "error", applied: false, error: { code: "StalePlan" } });
    expect(emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientId)).toEqual([a.ClientId]);
    expect(emu.rawClient(pool, b.ClientId).CallbackURLs).toEqual(["https://old.example.com"]);
  });

  it("refuses a saved plan whose spec changed since", async () => {
    emu.createClient(pool, {
      ClientName: "a",
      CallbackURLs: ["https://old.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "a", callbackURLs: ["https://new.example.com"] }],
      },
    });
    await runInProcess(["plan", "--out", "plan.json", ...flags()], { cwd: dir, env });
    const edited = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "a", callbackURLs: ["https://other.example.com"] }],
      },
    });
    const r = await runInProcess(["apply", "--plan-file", join(dir, "plan.json"), ...flags()], {
      cwd: edited,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("StalePlan: its spec changed since the plan was made");
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(0);
  });

  it("--max-changes refuses before any write", async () => {
    for (const n of ["a", "b", "c"])
      emu.createClient(pool, {
        ClientName: n,
        CallbackURLs: ["https://old.example.com"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
      });
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: ["a", "b", "c"].map((n) => ({ clientName: n, callbackURLs: ["https://new.example.com"] })),
      },
    });
    const r = await apply(["--max-changes", "2"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "3 clients would change, more than the max-changes limit of 2; nothing was changed",
    );
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(0);
    expect((await apply(["--max-changes", "3"], dir)).code).toBe(0);
  });

  it("keeps the secret out of every apply output and the saved plan", async () => {
    const { ClientSecret } = emu.createClient(pool, { ClientName: "s", GenerateSecret: true, ...RICH });
    expect(ClientSecret).toBeTruthy();
    const dir = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [
          { clientName: "s", accessTokenValidity: 10, tokenValidityUnits: { accessToken: "minutes" } },
        ],
      },
    });
    const outputs: CliResult[] = [];
    outputs.push(await runInProcess(["plan", "--out", "plan.json", ...flags()], { cwd: dir, env }));
    for (const output of ["json", "markdown", "text"]) outputs.push(await apply(["--output", output], dir));
    outputs.push(await runSubprocess(["apply", "--output", "json", ...flags()], { cwd: dir, env }));
    const saved = readFileSync(join(dir, "plan.json"), "utf8");
    expect(saved).toContain("sha256:");
    for (const text of [saved, ...outputs.flatMap((o) => [o.stdout, o.stderr])]) {
      expect(text).not.toContain(ClientSecret);
    }
  });
});

describe("apply's arguments", () => {
  it("rejects a plan file that is not a plan, and a bad --max-changes", async () => {
    const dir = specDir({ "x.yaml": { userPoolId: pool, clients: [{ clientName: "a" }] }, "bad.json": "{}" });
    const r = await apply(["--plan-file", "bad.json"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.json is not a cognito-gitops plan");
    const m = await apply(["--max-changes", "many"], dir);
    expect(m.stderr).toContain('--max-changes must be a whole number; got "many"');
    expect(emu.calls).toHaveLength(0);
  });
});
