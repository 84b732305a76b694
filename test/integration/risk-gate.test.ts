/**
 * --fail-on-risk as a user meets it, against the strict emulator: plan prints its report and
 * exits 3; apply refuses before any write and exits 3; an accepted risk never trips the gate.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;

const env = { COGNITO_GITOPS_RATES: "1000,1000,1000" };
const flags = () => ["--endpoint", emu.endpoint, "--region", "us-east-1"];

function poolSpec(extra: string[] = []): string {
  return [
    `userPoolId: ${pool}`,
    "clients:",
    "  - clientName: web",
    "    allowedOAuthFlowsUserPoolClient: true",
    "    allowedOAuthFlows: [code]",
    "    allowedOAuthScopes: [openid]",
    "    callbackURLs: [https://app.example.com/cb, http://localhost:3000/cb]",
    "    accessTokenValidity: 2",
    ...extra,
    "",
  ].join("\n");
}

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("gate", "us-east-1");
  emu.createClient(pool, {
    ClientName: "web",
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    CallbackURLs: ["https://app.example.com/cb"],
  });
});
afterEach(() => emu.close());

describe("plan --fail-on-risk", () => {
  it("reviews every change and exits 3 after the report when a risk is at or above the level", async () => {
    const dir = specDir({ "pool.yaml": poolSpec() });
    const r = await runInProcess(["plan", ".", "--fail-on-risk", "medium", ...flags()], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      "    [medium] loopback-redirect (callbackURLs): redirects to a loopback address: http://localhost:3000/cb",
    );
    expect(r.stdout).toContain(
      "    [low] longer-tokens (accessTokenValidity): accessTokenValidity is longer: 1 hour -> 2 hours",
    );
    expect(r.stdout).toMatch(/Security review: 0 high, 1 medium, 1 low\.\nPlan: 1 to update/);
    expect(r.stderr).toBe(
      "error: 1 unaccepted security risk at or above medium (loopback-redirect); accept one for a client with acceptRisks in its spec, or change the spec\n",
    );
    // Below the level, the gate stays open and the usual exit codes apply.
    const high = await runInProcess(
      ["plan", ".", "--fail-on-risk", "high", "--detailed-exitcode", ...flags()],
      {
        cwd: dir,
        env,
      },
    );
    expect(high.code).toBe(2);
  });

  it("lets an accepted risk through, still showing it marked accepted", async () => {
    const dir = specDir({ "pool.yaml": poolSpec(["    acceptRisks: [loopback-redirect]"]) });
    const r = await runInProcess(["plan", ".", "--fail-on-risk", "medium", "--output", "json", ...flags()], {
      cwd: dir,
      env,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.formatVersion).toBe(1);
    expect(json.summary.risks).toEqual({ high: 0, medium: 0, low: 1, accepted: 1 });
    expect(json.clients[0].risks).toEqual([
      {
        rule: "loopback-redirect",
        severity: "medium",
        field: "callbackURLs",
        message: expect.stringContaining("http://localhost:3000/cb"),
        accepted: true,
      },
      expect.objectContaining({ rule: "longer-tokens", severity: "low", accepted: false }),
    ]);
    const text = await runInProcess(["plan", ".", ...flags()], { cwd: dir, env });
    expect(text.stdout).toContain("    [medium, accepted] loopback-redirect (callbackURLs)");
  });

  it("gives every entry a risks list, empty when nothing is flagged", async () => {
    const dir = specDir({
      "pool.yaml": [
        `userPoolId: ${pool}`,
        "clients:",
        "  - clientName: web",
        "    accessTokenValidity: 1",
        "",
      ].join("\n"),
    });
    const r = await runInProcess(["plan", ".", "--output", "json", "--fail-on-risk", "low", ...flags()], {
      cwd: dir,
      env,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.clients[0].risks).toEqual([]);
    expect(json.summary.risks).toEqual({ high: 0, medium: 0, low: 0, accepted: 0 });
  });

  it("refuses a level that is not one, before any AWS call", async () => {
    const dir = specDir({ "pool.yaml": poolSpec() });
    const r = await runInProcess(["plan", ".", "--fail-on-risk", "critical", ...flags()], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--fail-on-risk must be one of none, high, medium, low; got "critical"');
    expect(emu.calls).toHaveLength(0);
  });
});

describe("apply --fail-on-risk", () => {
  it("refuses before any write, prints what it would have done, and exits 3", async () => {
    const dir = specDir({ "pool.yaml": poolSpec() });
    const r = await runInProcess(["apply", ".", "--fail-on-risk", "medium", ...flags()], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(0);
    expect(r.stdout).toContain("will be updated");
    expect(r.stdout).toContain("[medium] loopback-redirect");
    expect(r.stderr).toContain(
      "error: apply refused: 1 unaccepted security risk at or above medium (loopback-redirect)",
    );
    expect(r.stderr).toContain("nothing was changed");
  });

  it("applies when the only risks are below the level or accepted", async () => {
    const dir = specDir({ "pool.yaml": poolSpec(["    acceptRisks: [loopback-redirect]"]) });
    const r = await runInProcess(["apply", ".", "--fail-on-risk", "medium", ...flags()], { cwd: dir, env });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(1);
  });

  it("documents exit code 3 in --help", async () => {
    for (const command of ["plan", "drift", "apply"]) {
      const help = await runInProcess([command, "--help"]);
      expect(help.stdout).toMatch(/--fail-on-risk LEVEL +high, medium or low/);
      expect(help.stdout).toMatch(/^ {2}3 {2}.*(--fail-on-risk|risk)/m);
    }
  });
});
