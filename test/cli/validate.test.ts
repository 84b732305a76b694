import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess, runSubprocess } from "../support/cli.js";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cg-validate-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const GOOD = `userPoolId: us-east-1_AAAAAAAAA
clients:
  - clientName: web
    clientId: abc123
    callbackURLs: [https://a.example.com/cb]
`;

describe("cognito-gitops validate", () => {
  it("exits 0 on the examples, as a subprocess", async () => {
    const r = await runSubprocess(["validate", "examples"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Valid: 3 files, 4 clients\./m);
  });

  it("reports FILE:LINE:COLUMN for every error in every file and exits 1", async () => {
    const cwd = workspace({
      "a.yaml": `userPoolId: us-east-1_AAAAAAAAA\nclients:\n  - clientName: web\n    callbackUrls: [https://x.example.com]\n`,
      "b.yml": `userPoolId: us-east-1_AAAAAAAAA\nclients:\n  - clientName: api\n    allowedOAuthFlows: [CODE]\n    accessTokenValidity: 48\n`,
      "notes.txt": "not a spec",
    });
    const r = await runSubprocess(["validate", "."], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'a.yaml:4:5: unknown key "callbackUrls"; did you mean "callbackURLs"? (clients[0].callbackUrls)',
    );
    expect(r.stderr).toMatch(
      /^b\.yml:4:25: "CODE" is not allowed for allowedOAuthFlows\[0\]; did you mean "code"\?/m,
    );
    expect(r.stderr).toMatch(/^b\.yml:5:26: accessTokenValidity 48 hours is out of range/m);
    expect(r.stderr).toMatch(/^Invalid: 3 errors in 2 files\.$/m);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it("prints the JSON report with --output json", async () => {
    const cwd = workspace({ "a.yaml": `userPoolId: nope\nclients: []\n` });
    const r = await runInProcess(["validate", "--output", "json", "a.yaml"], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ valid: false, files: 1, clients: 0 });
    expect(report.errors).toEqual([
      expect.objectContaining({ file: "a.yaml", line: 1, column: 13, path: "userPoolId", rule: "pattern" }),
      expect.objectContaining({ file: "a.yaml", line: 2, column: 10, path: "clients", rule: "list-size" }),
    ]);
    for (const e of report.errors) {
      expect(Object.keys(e).sort()).toEqual([
        "column",
        "file",
        "line",
        "message",
        "path",
        "rule",
        "severity",
      ]);
      expect(e.severity).toBe("error");
    }
    expect(report.warnings).toEqual([]);
  });

  it("prints warnings, still exits 0, and gives each diagnostic its severity in JSON", async () => {
    const spec = `userPoolId: us-east-1_AAAAAAAAA
clients:
  - clientName: web
    explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
    refreshTokenRotation: { feature: DISABLED }
  - clientName: rotating
    explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    refreshTokenRotation: { feature: ENABLED, retryGracePeriodSeconds: 10 }
  - clientName: rotating-right
    explicitAuthFlows: [ALLOW_USER_SRP_AUTH]
    refreshTokenRotation: { feature: ENABLED }
`;
    const cwd = workspace({ "w.yaml": spec });
    const text = await runInProcess(["validate", "w.yaml"], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^w\.yaml:4:24: warning: explicitAuthFlows has no ALLOW_REFRESH_TOKEN_AUTH .*cannot be refreshed/m,
    );
    expect(text.stdout).toMatch(
      /^w\.yaml:7:24: warning: explicitAuthFlows allows ALLOW_REFRESH_TOKEN_AUTH, which AWS documents as incompatible with refresh token rotation/m,
    );
    expect(text.stdout).toMatch(/^Valid: 1 file, 3 clients, 2 warnings\.$/m);
    expect(text.stdout.match(/warning:/g)).toHaveLength(2); // the rotating client without the flow is fine

    const json = JSON.parse((await runInProcess(["validate", "--output", "json", "w.yaml"], { cwd })).stdout);
    expect(json).toMatchObject({ valid: true, errors: [] });
    expect(json.warnings).toEqual([
      expect.objectContaining({ line: 4, rule: "refresh-token-auth-missing", severity: "warning" }),
      expect.objectContaining({ line: 7, rule: "rotation-with-refresh-token-auth", severity: "warning" }),
    ]);
  });

  it("names both places when one client is specified twice", async () => {
    const cwd = workspace({ "one.yaml": GOOD, "two.yaml": GOOD });
    const r = await runInProcess(["validate", "one.yaml", "two.yaml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "two.yaml:3:5: client abc123 of pool us-east-1_AAAAAAAAA is also specified at one.yaml:3:5",
    );
  });

  it("skips YAML in folders that is plainly not a spec, but never a misspelt spec or a named file", async () => {
    const workflow = "name: plan\non: pull_request\njobs:\n  plan:\n    runs-on: ubuntu-latest\n";
    const cwd = workspace({ "good.yaml": GOOD, "plan-on-pr.yml": workflow });
    const r = await runInProcess(["validate", "."], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Valid: 1 file, 1 client. Skipped 1 other YAML file (no userPoolId or clients): plan-on-pr.yml.",
    );
    const json = JSON.parse((await runInProcess(["validate", "--output", "json", "."], { cwd })).stdout);
    expect(json.skipped).toEqual(["plan-on-pr.yml"]);
    const named = await runInProcess(["validate", "plan-on-pr.yml"], { cwd });
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('unknown key "name"');
    const broken = workspace({ "broken.yaml": "userPoolId us-east-1_AAAAAAAAA\nclients: [\n" });
    const b = await runInProcess(["validate", "."], { cwd: broken });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("broken.yaml:");
    const typo = workspace({ "typo.yaml": GOOD.replace("userPoolId", "userPoolID") });
    const t = await runInProcess(["validate", "."], { cwd: typo });
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('unknown key "userPoolID"; did you mean "userPoolId"?');
  });

  it("fails clearly on a path that does not exist or a folder without specs", async () => {
    const cwd = workspace({ "x.txt": "" });
    const missing = await runInProcess(["validate", "nope.yaml"], { cwd });
    expect(missing).toMatchObject({ code: 1, stderr: "error: nope.yaml: no such file or folder\n" });
    const empty = await runInProcess(["validate", "."], { cwd });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("no *.yaml or *.yml files");
  });

  it("refuses a folder named whose YAML files are all something else (a wrong path is not a clean run)", async () => {
    const workflow = "name: plan\non: pull_request\njobs: {}\n";
    const cwd = workspace({
      "workflows/a.yml": workflow,
      "workflows/b.yml": workflow,
      "cognito/good.yaml": GOOD,
    });
    const r = await runInProcess(["validate", "workflows"], { cwd });
    expect(r).toMatchObject({
      code: 1,
      stdout: "",
      stderr:
        "error: workflows: no spec files in this folder (2 other YAML files skipped: no userPoolId or clients key)\n",
    });
    // Named beside a folder that has specs, it is still a wrong path.
    const both = await runInProcess(["validate", "cognito", "workflows"], { cwd });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("error: workflows: no spec files in this folder");
    const plan = await runInProcess(["plan", "workflows"], { cwd });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("error: workflows: no spec files in this folder");
  });

  it("has help on the command and on each subcommand, and rejects unknown options", async () => {
    const top = await runInProcess(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("Usage: cognito-gitops <command>");
    const sub = await runInProcess(["validate", "--help"]);
    expect(sub.stdout).toContain("Usage: cognito-gitops validate [PATH ...]");
    expect(sub.stdout).toContain("--output text|json");
    const bad = await runInProcess(["validate", "--frobnicate"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error: unknown option '--frobnicate'\n");
    const badChoice = await runInProcess(["validate", "--output", "yaml", "examples"]);
    expect(badChoice).toMatchObject({ code: 1 });
    expect(badChoice.stderr).toContain("--output must be one of text, json");
    const unknown = await runInProcess(["valdate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "valdate"');
  });
});
