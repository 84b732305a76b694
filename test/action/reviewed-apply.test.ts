/**
 * Apply on merge applies the reviewed plan, end to end: the bundled Action plans on a pull request
 * (the fake GitHub keeps its comment), then applies on the push of the merge commit, against the
 * strict Cognito emulator.
 */
import { renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readReviewedPlan } from "../../src/action/reviewed-plan.js";
import { type ActionRun, type ActionRunOptions, actionBundle, runActionBundle } from "../support/action.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let gh: FakeGitHub;
let pool: string;
let web: { ClientId: string };
let dir: string;

const REPO = "acme/identity";
const PR = 42;
const HEAD = "aaaa1111bbbb2222cccc3333dddd4444eeee5555";
const MERGE = "9999888877776666555544443333222211110000";

function spec(callbackURLs: string[]) {
  return {
    "pool.yaml": {
      userPoolId: pool,
      clients: [{ clientName: "web", allowedOAuthFlowsUserPoolClient: true, callbackURLs }],
    },
  };
}

function runner(options: Partial<ActionRunOptions>): Promise<ActionRun> {
  return runActionBundle({
    cwd: dirname(dir),
    githubToken: gh.token,
    ...options,
    inputs: { paths: basename(dir), ...options.inputs },
    env: {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: REPO,
      ...options.env,
    },
  });
}

const planOnPullRequest = () =>
  runner({
    eventName: "pull_request",
    payload: { number: PR, pull_request: { number: PR, head: { sha: HEAD } } },
  });

const applyOnPush = (inputs: Record<string, string> = {}, sha = MERGE) =>
  runner({
    eventName: "push",
    payload: { after: sha },
    inputs: { command: "apply", ...inputs },
    env: { GITHUB_SHA: sha },
  });

const updates = () => emu.callsOf("UpdateUserPoolClient");
const planComment = () => gh.comments(REPO, PR).find((c) => c.body.startsWith("<!-- cognito-gitops:plan:"));

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
  gh = await startFakeGitHub();
  pool = emu.createPool("reviewed", "us-east-1");
  web = emu.createClient(pool, {
    ClientName: "web",
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    CallbackURLs: ["https://app.example.com/cb"],
  });
  dir = specDir(spec(["https://app.example.com/new"]));
});
afterEach(async () => {
  await gh.close();
  await emu.close();
});

describe("apply on merge", () => {
  it("applies the reviewed plan on push and writes the result to the pull request's plan comment", async () => {
    const planned = await planOnPullRequest();
    expect(planned.code).toBe(0);
    const comment = planComment();
    expect(comment?.body).toContain(
      "Planned at commit <code>aaaa111</code> ([workflow run](https://github.com/acme/identity/actions/runs/4242)).",
    );
    const reviewed = readReviewedPlan(comment?.body ?? "");
    expect(reviewed).toMatchObject({ commit: HEAD, form: "clients", clients: [{ clientId: web.ClientId }] });
    expect(JSON.stringify(reviewed)).toContain("https://app.example.com/new");

    gh.linkCommit(MERGE, { number: PR, headSha: HEAD });
    const applied = await applyOnPush();

    expect(applied.code).toBe(0);
    expect(applied.outputs["failure-reason"]).toBeUndefined();
    expect(updates()).toHaveLength(1);
    expect(emu.rawClient(pool, web.ClientId).CallbackURLs).toEqual(["https://app.example.com/new"]);
    const after = planComment()?.body ?? "";
    expect(after).toContain(
      "#### ✅ Merged and applied at commit <code>9999888</code> ([workflow run](https://github.com/acme/identity/actions/runs/4242))",
    );
    expect(after).toContain("**Apply: 1 updated, 0 in sync, 0 errors.**");
    expect(after).toContain("Planned at commit <code>aaaa111</code>");
    expect(gh.comments(REPO, PR)).toHaveLength(1);
    expect(applied.stdout).toContain(`The apply result is written to pull request #${PR}.`);
  });

  it("finds the reviewed plan when apply spells the paths differently (./cognito/ for cognito)", async () => {
    await planOnPullRequest();
    gh.linkCommit(MERGE, { number: PR, headSha: HEAD });
    const applied = await applyOnPush({ paths: `./${basename(dir)}/` });
    expect(applied.outputs["failure-reason"]).toBeUndefined();
    expect(applied.code).toBe(0);
    expect(updates()).toHaveLength(1);
  });

  it("refuses, before any write, a plan that changed after review, and says what differs", async () => {
    await planOnPullRequest();
    // Someone edits the client in the console after the review: the merge would also revert this.
    emu.patchClient(pool, web.ClientId, { CallbackURLs: ["https://console.example.com/cb"] });
    gh.linkCommit(MERGE, { number: PR, headSha: HEAD });

    const r = await applyOnPush();

    expect(r.code).toBe(1);
    expect(updates()).toHaveLength(0);
    expect(r.outputs["failure-reason"]).toBe("plan-changed");
    expect(r.stdout).toMatch(
      /^::error::the plan changed since it was reviewed: 1 client would be written differently/m,
    );
    expect(r.summary).toContain("**Refused: the plan changed since it was reviewed.** Nothing was changed.");
    expect(r.summary).toContain(`pull request #${PR} (planned at <code>aaaa111</code>)`);
    expect(r.summary).toContain("its changes differ from the reviewed ones");
    expect(r.summary).toMatch(
      /Reviewed:\n```diff\n {2}callbackURLs:\n- {3}https:\/\/app\.example\.com\/cb\n\+ {3}https:\/\/app\.example\.com\/new/,
    );
    expect(r.summary).toMatch(/Now:\n```diff\n {2}callbackURLs:\n- {3}https:\/\/console\.example\.com\/cb/);
    expect(planComment()?.body).toContain("#### ❌ Merged and applied at commit <code>9999888</code>");
    expect(planComment()?.body).toContain("Apply refused: the plan changed since it was reviewed");
  });

  it("refuses a change to a field the spec does not manage, made after review", async () => {
    await planOnPullRequest();
    emu.patchClient(pool, web.ClientId, { RefreshTokenValidity: 7 });
    gh.linkCommit(MERGE, { number: PR, headSha: HEAD });
    const r = await applyOnPush();
    expect(r.code).toBe(1);
    expect(r.outputs["failure-reason"]).toBe("plan-changed");
    expect(r.summary).toContain(
      "its live configuration changed since the review, in a field the spec does not manage",
    );
    expect(updates()).toHaveLength(0);
  });

  it("refuses a direct push (no pull request) unless require-reviewed-plan is false", async () => {
    const refused = await applyOnPush({}, "1234567890123456789012345678901234567890");
    expect(refused.code).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("no-reviewed-plan");
    expect(refused.stdout).toMatch(
      /^::error::no reviewed plan for commit 1234567: it came with no merged pull request \(a direct push\?\)\. Apply on merge changes only/m,
    );
    expect(updates()).toHaveLength(0);

    const allowed = await applyOnPush(
      { "require-reviewed-plan": "false" },
      "1234567890123456789012345678901234567890",
    );
    expect(allowed.code).toBe(0);
    expect(allowed.outputs["failure-reason"]).toBeUndefined();
    expect(updates()).toHaveLength(1);
  });

  it("refuses when the pull request has no plan comment, and says so on the pull request", async () => {
    gh.linkCommit(MERGE, { number: PR, headSha: HEAD });
    const r = await applyOnPush();
    expect(r.code).toBe(1);
    expect(r.outputs["failure-reason"]).toBe("no-reviewed-plan");
    expect(r.stdout).toContain(
      `pull request #${PR} has no plan comment for paths \`${basename(dir)}\` written with this token`,
    );
    expect(updates()).toHaveLength(0);
    expect(gh.comments(REPO, PR).at(-1)?.body).toContain(
      "Apply refused: no reviewed plan for commit 9999888",
    );
  });

  it("needs no review when nothing would change", async () => {
    writeFileSync(join(dir, "pool.yaml"), JSON.stringify(spec(["https://app.example.com/cb"])["pool.yaml"]));
    const r = await applyOnPush();
    expect(r.code).toBe(0);
    expect(r.outputs.summary).toBe("Apply: 0 updated, 1 in sync, 0 errors.");
    expect(gh.requests).toEqual([]);
  });

  it("does not apply a plan marked outdated by a later failed run", async () => {
    await planOnPullRequest();
    // The next push to the pull request breaks before it can plan (its spec folder is gone).
    renameSync(dir, `${dir}-moved`);
    const failed = await runner({
      eventName: "pull_request",
      payload: { number: PR, pull_request: { number: PR, head: { sha: "bbbb2222" } } },
    });
    renameSync(`${dir}-moved`, dir);
    expect(failed.code).toBe(1);
    const body = planComment()?.body ?? "";
    expect(body).toContain("> ⚠️ **Outdated.** The run for commit <code>bbbb222</code>");
    expect(readReviewedPlan(body)).toBeUndefined();

    gh.linkCommit(MERGE, { number: PR, headSha: HEAD });
    const r = await applyOnPush();
    expect(r.outputs["failure-reason"]).toBe("no-reviewed-plan");
    expect(r.stdout).toContain("holds no reviewed plan");
    expect(updates()).toHaveLength(0);
  });

  it("applies a saved plan given as plan-file, as the CLI's --plan-file does", async () => {
    const planned = await planOnPullRequest();
    const planFile = planned.outputs["plan-json"] ?? "";
    emu.patchClient(pool, web.ClientId, { LogoutURLs: ["https://console.example.com/out"] });
    const stale = await applyOnPush({ "plan-file": planFile });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("StalePlan: its live configuration changed since the plan was made");
    expect(updates()).toHaveLength(0);

    const fresh = await planOnPullRequest();
    const r = await applyOnPush({ "plan-file": fresh.outputs["plan-json"] ?? "" });
    expect(r.code).toBe(0);
    expect(updates()).toHaveLength(1);
  });
});
