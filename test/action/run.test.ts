/**
 * The bundled Action run as the GitHub runner runs it (a node subprocess with INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the strict Cognito emulator.
 */
import { readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ActionRun, type ActionRunOptions, actionBundle, runActionBundle } from "../support/action.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;

const WEB = {
  ClientName: "web",
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code"],
  AllowedOAuthScopes: ["openid"],
  CallbackURLs: ["https://app.example.com/cb"],
};

/** A pool spec as text, so that annotation lines are known: `web` is on line 4, `api` on line 7. */
function poolYaml(webCallback: string, apiExtra: string[] = []): string {
  return [
    `userPoolId: ${pool}`,
    "clients:",
    "  # the web app",
    "  - clientName: web",
    "    allowedOAuthFlowsUserPoolClient: true",
    `    callbackURLs: [${webCallback}]`,
    "  - clientName: api",
    "    allowedOAuthFlowsUserPoolClient: true",
    ...apiExtra,
    "",
  ].join("\n");
}

/** Runs the Action in the folder above a spec folder, with `paths` naming it, as a repo would. */
function run(dir: string, options: Partial<ActionRunOptions> = {}): Promise<ActionRun> {
  return runActionBundle({
    cwd: dirname(dir),
    ...options,
    inputs: { paths: basename(dir), ...options.inputs },
    env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint, ...options.env },
  });
}

const updates = () => emu.callsOf("UpdateUserPoolClient");

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("action", "us-east-1");
});
afterEach(() => emu.close());

describe("plan", () => {
  it("exits 0 with changes, writes the Markdown plan to the job summary, sets every output and a notice", async () => {
    const web = emu.createClient(pool, WEB);
    const api = emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/new") });

    const r = await run(dir);

    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.summary).toContain(`### cognito-gitops plan: \`${basename(dir)}\``);
    expect(r.summary).toContain("**Plan: 1 to update, 1 in sync, 0 errors.**");
    expect(r.summary).toContain("```diff");
    expect(r.summary).toContain("+   https://app.example.com/new");
    expect(r.outputs["has-changes"]).toBe("true");
    expect(JSON.parse(r.outputs["changed-clients"] ?? "")).toEqual([
      { userPoolId: pool, clientId: web.ClientId, clientName: "web" },
    ]);
    expect(r.outputs.summary).toBe("Plan: 1 to update, 1 in sync, 0 errors.");
    const planFile = r.outputs["plan-json"] ?? "";
    expect(planFile.startsWith(r.runnerTemp)).toBe(true);
    const json = JSON.parse(readFileSync(planFile, "utf8"));
    expect(json).toMatchObject({ formatVersion: 1, summary: { update: 1, noOp: 1, error: 0 } });
    // The calls the run made, as the CLI's plan --out saves them.
    expect(json.calls).toMatchObject({ ListUserPoolClients: 1, DescribeUserPoolClient: 2 });
    expect(json.throttled).toBe(0);
    expect(json.clients.map((c: { clientId: string; action: string }) => [c.clientId, c.action])).toEqual([
      [web.ClientId, "update"],
      [api.ClientId, "no-op"],
    ]);
    expect(r.stdout).toMatch(
      new RegExp(`^::notice title=cognito-gitops plan,file=${basename(dir)}/pool.yaml,line=4::web \\(`, "m"),
    );
    // The plan quotes spec values: the runner reads none of its lines as a workflow command.
    expect(r.stdout).toMatch(
      /^::stop-commands::(\S+)\n[\s\S]*^Plan: 1 to update, 1 in sync, 0 errors\.\n::\1::$/m,
    );
    expect(updates()).toHaveLength(0);
  });

  it("checks a change against its pool unless pool-checks is false, and a client that does not fit is an error", async () => {
    emu.createClient(pool, WEB);
    const dir = specDir({
      "pool.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "web", readAttributes: ["email", "custom:team"] }],
      },
    });
    const checked = await run(dir);
    expect(checked.code).toBe(1);
    expect(checked.outputs.summary).toBe("Plan: 0 to update, 0 in sync, 1 error.");
    expect(checked.stdout).toMatch(
      /^::error title=cognito-gitops plan,.*PoolMismatch: .*"custom:team" is not an attribute/m,
    );
    expect(emu.callsOf("DescribeUserPool")).toHaveLength(1);
    emu.resetCalls();
    const unchecked = await run(dir, { inputs: { "pool-checks": "false" } });
    expect(unchecked.code).toBe(0);
    expect(unchecked.outputs.summary).toBe("Plan: 1 to update, 0 in sync, 0 errors.");
    expect(emu.callsOf("DescribeUserPool")).toHaveLength(0);
  });

  it("reports no changes as has-changes false and an empty list", async () => {
    emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/cb") });

    const r = await run(dir);

    expect(r.code).toBe(0);
    expect(r.outputs["has-changes"]).toBe("false");
    expect(r.outputs["changed-clients"]).toBe("[]");
    expect(r.outputs.summary).toBe("Plan: 0 to update, 2 in sync, 0 errors.");
    expect(r.stdout).not.toMatch(/^::(notice|warning|error)/m);
  });

  it("fails on an invalid spec with an error annotation at its file, line and column, and calls no AWS API", async () => {
    const dir = specDir({
      "pool.yaml": `userPoolId: ${pool}\nclients:\n  - clientName: web\n    callbackUrls: [https://app.example.com/cb]\n`,
    });

    const r = await run(dir);

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `^::error title=cognito-gitops validate,file=${basename(dir)}/pool.yaml,line=4,col=5::unknown key "callbackUrls"; did you mean "callbackURLs"\\?`,
        "m",
      ),
    );
    expect(r.stdout).toMatch(
      /^::error::Invalid: 1 error in 1 file\. No AWS call was made: fix the specs first\.$/m,
    );
    expect(r.summary).toContain("**Invalid: 1 error in 1 file.** No AWS call was made");
    expect(r.summary).toContain(`<code>${basename(dir)}/pool.yaml:4:5</code>`);
    expect(r.outputs.summary).toBe("Invalid: 1 error in 1 file.");
    expect(r.outputs["has-changes"]).toBe("false");
    expect(emu.calls).toEqual([]);
  });

  it("fails when a client is in error (not found), with an error annotation at its spec line", async () => {
    emu.createClient(pool, WEB);
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/cb") });

    const r = await run(dir);

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `^::error title=cognito-gitops plan,file=${basename(dir)}/pool.yaml,line=7::api in ${pool}: `,
        "m",
      ),
    );
    expect(r.stdout).toMatch(/^::error::Plan: 0 to update, 1 in sync, 1 error\. See the errors above/m);
    expect(r.outputs.summary).toBe("Plan: 0 to update, 1 in sync, 1 error.");
    expect(r.summary).toContain("| ❌ | api in");
  });

  it("fails with one clear message, not a stack trace, when a path does not exist or an input is wrong", async () => {
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/cb") });

    const missing = await run(dir, { inputs: { paths: "nowhere" } });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^::error::nowhere: no such file or folder$/m);
    expect(missing.summary).toContain("❌ nowhere: no such file or folder");

    const bad = await run(dir, { inputs: { command: "destroy" } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::error::input command: must be one of plan, apply, drift; got "destroy"$/m);

    const flag = await run(dir, { inputs: { "fail-on-drift": "maybe" } });
    expect(flag.stdout).toMatch(/^::error::input fail-on-drift: must be true or false; got "maybe"$/m);
    for (const r of [missing, bad, flag]) {
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    }
    expect(emu.calls).toEqual([]);
  });

  it("reads several paths, separated by newlines or spaces", async () => {
    emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const a = specDir({
      "web.yaml": `userPoolId: ${pool}\nclients:\n  - clientName: web\n    callbackURLs: [https://app.example.com/x]\n`,
    });
    const b = specDir({ "api.yaml": `userPoolId: ${pool}\nclients:\n  - clientName: api\n` });

    const r = await runActionBundle({
      cwd: dirname(a),
      inputs: { paths: `${basename(a)}\n  ${basename(b)} ` },
      env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint },
    });

    expect(r.code).toBe(0);
    expect(r.outputs.summary).toBe("Plan: 1 to update, 1 in sync, 0 errors.");
  });
});

describe("annotations", () => {
  it("keeps GitHub's 10 per type per step and says in the log how many it left out", async () => {
    const names = Array.from({ length: 15 }, (_, i) => `c${i}`);
    for (const n of names) emu.createClient(pool, { ClientName: n });
    const dir = specDir({
      "pool.yaml": {
        userPoolId: pool,
        clients: names.map((n) => ({ clientName: n, accessTokenValidity: 2 })),
      },
    });
    const r = await run(dir);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^::notice /gm)).toHaveLength(10);
    expect(r.stdout).toContain(
      "5 annotations left out (5 notices): GitHub shows at most 10 of each type per step. The job summary lists every client.",
    );
    expect(r.summary.match(/<b>15 clients<\/b>: accessTokenValidity 1 hour -> 2 hours/g)).toHaveLength(1);
  });
});

describe("drift", () => {
  it("fails when a client drifted, with a warning at its spec line; passes with fail-on-drift false", async () => {
    const web = emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/cb") });
    const inSync = await run(dir, { inputs: { command: "drift" } });
    expect(inSync.code).toBe(0);
    expect(inSync.outputs.summary).toBe("Drift: 0 clients drifted, 2 in sync, 0 errors.");

    emu.patchClient(pool, web.ClientId, { CallbackURLs: ["https://console.example.com/cb"] });
    const drifted = await run(dir, { inputs: { command: "drift" } });

    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(
      new RegExp(
        `^::warning title=cognito-gitops drift,file=${basename(dir)}/pool.yaml,line=4::web \\(`,
        "m",
      ),
    );
    expect(drifted.stdout).toMatch(
      /^::error::Drift: 1 client drifted, 1 in sync, 0 errors\. The live clients/m,
    );
    expect(drifted.summary).toContain("### cognito-gitops drift");
    // Drift reads from the live side, with the security review of the change made outside Git.
    expect(drifted.summary).toContain("  added outside Git: https://console.example.com/cb");
    expect(drifted.summary).toContain("  removed outside Git: https://app.example.com/cb");
    expect(drifted.summary).toMatch(/\| 🔴 high \| <code>new-redirect-domain<\/code> \| web /);
    expect(drifted.outputs["has-changes"]).toBe("true");
    expect(JSON.parse(drifted.outputs.risks ?? "")).toEqual({ high: 1, medium: 0, low: 0, accepted: 0 });
    // The spec folder is in no Git repository here: the causes are unknown, and a warning says why.
    expect(drifted.stdout).toMatch(
      /^::warning::Drift causes are unknown: the spec files are not in a Git repository/m,
    );

    const lenient = await run(dir, { inputs: { command: "drift", "fail-on-drift": "false" } });
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/^::warning title=cognito-gitops drift,/m);
    expect(updates()).toHaveLength(0);
  });
});

describe("fail-on-risk", () => {
  it("fails plan after its report on an unaccepted risk, and sets the risks output", async () => {
    emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({ "pool.yaml": poolYaml("https://attacker.example.net/cb") });

    const open = await run(dir);
    expect(open.code).toBe(0);
    expect(JSON.parse(open.outputs.risks ?? "")).toEqual({ high: 1, medium: 0, low: 0, accepted: 0 });

    const r = await run(dir, { inputs: { "fail-on-risk": "high" } });
    expect(r.code).toBe(1);
    expect(r.summary).toContain("#### Security review");
    expect(r.stdout).toMatch(
      /^::error::Plan: 1 to update, 1 in sync, 0 errors\. 1 unaccepted security risk at or above high \(new-redirect-domain\)/m,
    );
    expect(updates()).toHaveLength(0);
  });

  it("refuses apply before any write, with the plan it would have applied in the job summary", async () => {
    const web = emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({ "pool.yaml": poolYaml("https://attacker.example.net/cb") });

    const r = await run(dir, {
      inputs: { command: "apply", "fail-on-risk": "high", "require-reviewed-plan": "false" },
    });

    expect(r.code).toBe(1);
    expect(updates()).toHaveLength(0);
    expect(emu.rawClient(pool, web.ClientId).CallbackURLs).toEqual(["https://app.example.com/cb"]);
    expect(r.stdout).toMatch(/^::error::apply refused: 1 unaccepted security risk at or above high/m);
    expect(r.summary).toMatch(/^> ❌ \*\*apply refused: /);
    expect(r.summary).toContain("**Plan: 1 to update, 1 in sync, 0 errors.**");
    expect(r.outputs["has-changes"]).toBe("false");
    expect(r.outputs["changed-clients"]).toBe("[]");
  });
});

describe("apply", () => {
  it("on push updates the client that differs, verifies it, and saves the outcome in the JSON plan", async () => {
    const web = emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/new") });

    const r = await run(dir, {
      inputs: { command: "apply", "require-reviewed-plan": "false" },
      eventName: "push",
    });

    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(updates()).toHaveLength(1);
    expect(emu.rawClient(pool, web.ClientId).CallbackURLs).toEqual(["https://app.example.com/new"]);
    expect(emu.rawClient(pool, web.ClientId).AllowedOAuthFlows).toEqual(["code"]);
    expect(r.outputs.summary).toBe("Apply: 1 updated, 1 in sync, 0 errors.");
    expect(r.outputs["has-changes"]).toBe("true");
    const json = JSON.parse(readFileSync(r.outputs["plan-json"] ?? "", "utf8"));
    expect(json.clients[0]).toMatchObject({ clientName: "web", applied: true, converged: true, attempts: 1 });
    expect(r.summary).toContain("**Apply: 1 updated, 1 in sync, 0 errors.**");
    expect(r.stdout).toMatch(
      /^::notice title=cognito-gitops apply,file=.*pool\.yaml,line=4::web .* updated and verified/m,
    );
  });

  it.each([
    ["pull_request", "it runs a pull request's code, and a pull request must never change AWS"],
    ["pull_request_target", "it runs a pull request's code, and a pull request must never change AWS"],
    ["pull_request_review", "it runs a pull request's code, and a pull request must never change AWS"],
    [
      "pull_request_review_comment",
      "it runs a pull request's code, and a pull request must never change AWS",
    ],
    ["issue_comment", "only a push to a branch, a manual dispatch or a schedule runs code that was merged"],
    ["workflow_run", "only a push to a branch, a manual dispatch or a schedule runs code that was merged"],
  ])("refuses to run on %s, saying why, with no AWS call", async (eventName, why) => {
    emu.createClient(pool, WEB);
    const dir = specDir({ "pool.yaml": poolYaml("https://app.example.com/new") });

    const r = await run(dir, {
      inputs: { command: "apply" },
      eventName,
      payload: { pull_request: { number: 7 } },
      env: { GITHUB_API_URL: "http://127.0.0.1:9" },
    });

    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain(
      `::error::command apply runs only on push, workflow_dispatch and schedule events, not on ${eventName} events: ${why}. `,
    );
    expect(emu.calls).toEqual([]);
    expect(r.outputs).toEqual({});
  });

  it("refuses the whole apply, before any write, above max-changes; plan warns", async () => {
    emu.createClient(pool, WEB);
    emu.createClient(pool, {
      ClientName: "api",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const dir = specDir({
      "pool.yaml": poolYaml("https://app.example.com/new", ["    accessTokenValidity: 3"]),
    });

    const planned = await run(dir, { inputs: { "max-changes": "1" } });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(
      /^::warning::2 clients would change, more than max-changes 1: apply would refuse this change\.$/m,
    );

    const r = await run(dir, {
      inputs: { command: "apply", "max-changes": "1", "require-reviewed-plan": "false" },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error::2 clients would change, more than the max-changes limit of 1; nothing was changed$/m,
    );
    expect(updates()).toHaveLength(0);
  });
});
