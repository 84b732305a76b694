/**
 * What an Action apply reports when it did not run to its end: cancelled by the job, refused before
 * any write (fail-on-risk, max-changes), and when it needs no review; the bundled Action against
 * the strict Cognito emulator.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ActionRun, type ActionRunOptions, actionBundle, runActionBundle } from "../support/action.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { driftedClients } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;

/** `n` clients whose callback URL differs from their spec's (those `drift` picks). */
const drifted = (n: number, drift?: (i: number) => boolean) => driftedClients(emu, pool, n, drift);

function apply(dir: string, options: Partial<ActionRunOptions> = {}): Promise<ActionRun> {
  return runActionBundle({
    cwd: dirname(dir),
    eventName: "push",
    ...options,
    inputs: { paths: basename(dir), command: "apply", "require-reviewed-plan": "false", ...options.inputs },
    env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint, ...options.env },
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

type Saved = { clientId: string; applied?: boolean; interrupted?: string };
const savedPlan = (r: ActionRun) =>
  JSON.parse(readFileSync(r.outputs["plan-json"] ?? "", "utf8")) as { clients: Saved[] };
const changedIds = (r: ActionRun) =>
  (JSON.parse(r.outputs["changed-clients"] ?? "[]") as { clientId: string }[]).map((c) => c.clientId);

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("outcomes", "us-east-1");
});
afterEach(() => emu.close());

describe("a cancelled apply", () => {
  it("lists as changed only the clients it updated, and annotates the others as not updated", async () => {
    const { dir } = drifted(6);
    emu.faults.latencyMs = 150;
    const r = await apply(dir, {
      // Two updates a second: slow enough to cancel in its middle.
      env: { COGNITO_GITOPS_RATES: "100,2,100" },
      onStart: (child) => {
        const updated = () => emu.callsOf("UpdateUserPoolClient").some((c) => c.status === 200);
        void until(() => updated() || child.exitCode !== null, "a first update").then(() => {
          if (child.exitCode === null) child.kill("SIGTERM");
        });
      },
    });

    expect(r.code).toBe(1);
    expect(r.outputs.summary).toMatch(/^Apply interrupted by SIGTERM: \d updated, /);
    const saved = savedPlan(r).clients;
    const updated = saved.filter((c) => c.applied === true).map((c) => c.clientId);
    const notUpdated = saved.filter((c) => c.interrupted === "not-started");
    expect(updated.length).toBeGreaterThan(0);
    expect(notUpdated.length).toBeGreaterThan(0);
    expect(changedIds(r).sort()).toEqual(updated.sort());
    expect(r.outputs["has-changes"]).toBe("true");
    expect(r.stdout.match(/^::notice .*updated and verified/gm)).toHaveLength(updated.length);
    expect(r.stdout.match(/^::warning .*not updated: the run stopped first/gm)).toHaveLength(
      notUpdated.length,
    );
  });
});

describe("an apply refused before any write", () => {
  it("above max-changes: failure-reason too-many-changes, its summary, and the plan it would have applied", async () => {
    const { ids, dir } = drifted(2);
    const r = await apply(dir, { inputs: { "max-changes": "1" } });

    expect(r.code).toBe(1);
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(0);
    expect(r.outputs["failure-reason"]).toBe("too-many-changes");
    expect(r.outputs.summary).toBe("Apply refused: 2 clients would change, more than max-changes 1.");
    expect(r.outputs["has-changes"]).toBe("false");
    expect(r.outputs["changed-clients"]).toBe("[]");
    expect(
      savedPlan(r)
        .clients.map((c) => c.clientId)
        .sort(),
    ).toEqual([...ids].sort());
    expect(JSON.parse(r.outputs.risks ?? "")).toMatchObject({ high: 2 });
    expect(r.summary).toMatch(/^> ❌ \*\*2 clients would change, more than the max-changes limit of 1/);
    expect(r.summary).toContain("**Plan: 2 to update, 0 in sync, 0 errors.**");
  });

  it("by fail-on-risk: failure-reason risk and a summary that says apply was refused", async () => {
    const { dir } = drifted(1);
    const r = await apply(dir, { inputs: { "fail-on-risk": "high" } });

    expect(r.code).toBe(1);
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(0);
    expect(r.outputs["failure-reason"]).toBe("risk");
    expect(r.outputs.summary).toBe("Apply refused: 1 unaccepted security risk at or above high.");
    expect(r.outputs["has-changes"]).toBe("false");
    expect(JSON.parse(r.outputs.risks ?? "")).toEqual({ high: 1, medium: 0, low: 0, accepted: 0 });
  });
});

describe("an apply that needs no review", () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub();
  });
  afterEach(() => gh.close());

  it("writes a client right after the read that found it, and still writes the result to the pull request", async () => {
    const { ids, dir } = drifted(30, (i) => i < 2);
    emu.faults.latencyMs = 20;
    const sha = "9999888877776666555544443333222211110000";
    gh.linkCommit(sha, { number: 42 });
    const r = await apply(dir, {
      githubToken: gh.token,
      env: {
        COGNITO_GITOPS_RATES: "50,50,50",
        GITHUB_API_URL: gh.url,
        GITHUB_SHA: sha,
      },
    });

    expect(r.code).toBe(0);
    const order = emu.calls.map((c) => `${c.operation}:${c.input.ClientId ?? ""}`);
    const firstUpdate = order.findIndex((c) => c.startsWith("UpdateUserPoolClient"));
    const lastRead = order.findLastIndex((c) => c.startsWith("DescribeUserPoolClient"));
    expect(firstUpdate).toBeGreaterThan(0);
    expect(firstUpdate).toBeLessThan(lastRead);
    expect(changedIds(r).sort()).toEqual(ids.slice(0, 2).sort());
    expect(gh.comments("acme/identity", 42).at(-1)?.body).toContain(
      "**Apply: 2 updated, 28 in sync, 0 errors.**",
    );
  });
});

describe("the region input", () => {
  it("is checked as the CLI checks --region, before any AWS call", async () => {
    const { dir } = drifted(1);
    const r = await apply(dir, { inputs: { command: "plan", region: "mars" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::input region "mars" is not an AWS Region \(such as us-east-1\)$/m);
    expect(emu.calls).toEqual([]);
  });
});
