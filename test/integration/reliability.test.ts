/** Reliability findings of a hostile test run (issue 14), through the CLI against the strict emulator. */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli.js";
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

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("twice", "us-east-1");
});
afterEach(() => emu.close());

describe("one live client managed twice", () => {
  it("is an error for both spec entries, naming both places, and nothing is written", async () => {
    const oauth = { allowedOAuthFlowsUserPoolClient: true };
    const { ClientId } = emu.createClient(pool, {
      ClientName: "web",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: ["https://old.example.com/cb"],
    });
    emu.createClient(pool, { ClientName: "other" });
    const cwd = specDir({
      "a.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "web", ...oauth, callbackURLs: ["https://a.example.com/cb"] }],
      },
      "b.yaml": {
        userPoolId: pool,
        clients: [
          { clientName: "other" },
          { clientId: ClientId, ...oauth, callbackURLs: ["https://b.example.com/cb"] },
        ],
      },
    });
    expect((await runInProcess(["validate", "."], { cwd })).code).toBe(0);

    const plan = await runInProcess(["plan", "--output", "json", ...flags()], { cwd, env });
    expect(plan.code).toBe(1);
    const json = JSON.parse(plan.stdout);
    expect(json.summary).toMatchObject({ update: 0, noOp: 1, error: 2, unmanaged: 0 });
    const errors = json.clients.filter((c: { action: string }) => c.action === "error");
    expect(errors.map((c: { source: { file: string } }) => c.source.file).sort()).toEqual([
      "a.yaml",
      "b.yaml",
    ]);
    for (const e of errors) {
      expect(e.clientId).toBe(ClientId);
      expect(e.error.code).toBe("ClientSpecifiedTwice");
      expect(e.error.message).toContain(`live client ${ClientId} ("web")`);
    }
    const [a, b] = errors;
    expect(a.error.message).toContain("the one at b.yaml:4:5");
    expect(b.error.message).toContain("the one at a.yaml:3:5");

    const text = await runInProcess(["plan", ...flags()], { cwd, env });
    expect(text.stdout).toContain("Plan: 0 to update, 1 in sync, 2 errors.");

    const apply = await runInProcess(["apply", ...flags()], { cwd, env });
    expect(apply.code).toBe(1);
    expect(emu.callsOf("UpdateUserPoolClient")).toEqual([]);
    expect(emu.rawClient(pool, ClientId).CallbackURLs).toEqual(["https://old.example.com/cb"]);
  });
});

describe("hidden characters in live values", () => {
  it("are shown as \\u{...} in the text and Markdown plan, never raw", async () => {
    const { ClientId } = emu.createClient(pool, {
      ClientName: "web",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    emu.patchClient(pool, ClientId, {
      CallbackURLs: [
        "https://x.example.com/\u001b[2K",
        "https://y.example.com/\n::error title=Approved::LGTM",
      ],
    });
    const cwd = specDir({
      "a.yaml": {
        userPoolId: pool,
        clients: [
          {
            clientName: "web",
            allowedOAuthFlowsUserPoolClient: true,
            callbackURLs: ["https://a.example.com/cb"],
          },
        ],
      },
    });
    for (const output of ["text", "markdown"]) {
      const r = await runInProcess(["plan", "--output", output, ...flags()], { cwd, env });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/(?!\n)\p{Cc}/u);
      expect(r.stdout).not.toMatch(/^::/m);
      expect(r.stdout).toContain("https://x.example.com/\\u{1b}[2K");
      expect(r.stdout).toContain("https://y.example.com/\\u{a}::error title=Approved::LGTM");
    }
  });
});

describe("a saved plan whose spec was deleted", () => {
  it("reports the client the plan updates as stale and exits 1; the others are applied", async () => {
    const oauth = {
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: ["https://old.example.com/cb"],
    };
    const web = emu.createClient(pool, { ClientName: "web", ...oauth }).ClientId;
    const api = emu.createClient(pool, { ClientName: "api", ...oauth }).ClientId;
    const wanted = (name: string) => ({
      clientName: name,
      allowedOAuthFlowsUserPoolClient: true,
      callbackURLs: [`https://${name}.example.com/cb`],
    });
    const cwd = specDir({
      "web.yaml": { userPoolId: pool, clients: [wanted("web")] },
      "api.yaml": { userPoolId: pool, clients: [wanted("api")] },
    });
    const plan = await runInProcess(["plan", "--out", "plan.json", ...flags()], { cwd, env });
    expect(plan.stdout).toContain("Plan: 2 to update, 0 in sync, 0 errors.");
    rmSync(join(cwd, "api.yaml"));

    const r = await runInProcess(["apply", "--plan-file", "plan.json", "--output", "json", ...flags()], {
      cwd,
      env,
    });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({ update: 1, error: 1 });
    expect(json.clients).toContainEqual(
      expect.objectContaining({
        clientId: api,
        clientName: "api",
        action: "error",
        source: { file: "api.yaml", line: 3 },
        error: expect.objectContaining({
          code: "StalePlan",
          message: expect.stringContaining("no spec names it"),
        }),
      }),
    );
    expect(emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientId)).toEqual([web]);
    expect(emu.rawClient(pool, api).CallbackURLs).toEqual(["https://old.example.com/cb"]);

    const text = await runInProcess(["apply", "--plan-file", "plan.json", ...flags()], { cwd, env });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "StalePlan: the saved plan updates this client, but no spec names it any more",
    );
  });
});

describe("where --out writes", () => {
  function oneClient() {
    emu.createClient(pool, { ClientName: "web" });
    return specDir({ "a.yaml": { userPoolId: pool, clients: [{ clientName: "web" }] } });
  }

  it("plan --out naming a folder is a usage error, before any AWS call", async () => {
    const cwd = oneClient();
    mkdirSync(join(cwd, "plans"));
    emu.resetCalls();
    const r = await runInProcess(["plan", "--output", "json", "--out", "plans", ...flags()], { cwd, env });
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toContain("error: --out plans is a folder; name a file, such as plans/plan.json");
    expect(r.stderr).not.toContain("unexpected failure");
    expect(emu.calls).toEqual([]);
  });

  it("plan --out under a file, or where no folder can be made, fails clearly and never spins", async () => {
    const cwd = oneClient();
    const underFile = await runInProcess(["plan", "--out", "a.yaml/plan.json", ...flags()], { cwd, env });
    expect(underFile.code).toBe(1);
    expect(underFile.stderr).toMatch(/error: --out a\.yaml\/plan\.json: .*a\.yaml is not a folder/);
    const proc = await runInProcess(["plan", "--out", "/proc/x/y", ...flags()], { cwd, env });
    expect(proc.code).toBe(1);
    expect(proc.stderr).toContain("error: --out /proc/x/y: cannot create the folder /proc/x");
  });

  it("plan --out makes missing folders and saves the same calls and throttled counts as stdout", async () => {
    const cwd = oneClient();
    const r = await runInProcess(["plan", "--output", "json", "--out", "deep/er/plan.json", ...flags()], {
      cwd,
      env,
    });
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(cwd, "deep/er/plan.json"), "utf8"));
    const printed = JSON.parse(r.stdout);
    expect(saved.calls).toEqual(printed.calls);
    expect(saved.calls).toEqual({ ListUserPoolClients: 1, DescribeUserPoolClient: 1 });
    expect(saved.throttled).toBe(0);
  });

  it("export --out naming a file is a usage error", async () => {
    const cwd = oneClient();
    const r = await runInProcess(["export", "--user-pool-id", pool, "--out", "a.yaml", ...flags()], {
      cwd,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: --out a.yaml is a file; name a folder");
    expect(r.stderr).not.toContain("unexpected failure");
  });
});

describe("export", () => {
  it("checks the pool ID before it names a file: nothing is written outside --out", async () => {
    const cwd = specDir({});
    const r = await runInProcess(
      ["export", "--user-pool-id", "../../escape_x", "--out", "out/in", ...flags()],
      { cwd, env },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: --user-pool-id "../../escape_x" is not a user pool ID');
    expect(existsSync(join(cwd, "escape_x.yaml"))).toBe(false);
    expect(emu.calls).toEqual([]);
  });

  it("says plainly that an empty pool has nothing to export, and writes no invalid spec", async () => {
    const cwd = specDir({});
    const r = await runInProcess(["export", "--user-pool-id", pool, "--out", "out", ...flags()], {
      cwd,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`user pool ${pool} has no app clients; nothing to export`);
    expect(existsSync(join(cwd, "out", `${pool}.yaml`))).toBe(false);
  });

  it("warns about live fields it does not know, and points $schema at a URL, not at where it is installed", async () => {
    const { ClientId } = emu.createClient(pool, { ClientName: "web" });
    emu.patchClient(pool, ClientId, { FutureSetting: "on" });
    const cwd = specDir({});
    const r = await runInProcess(["export", "--user-pool-id", pool, ...flags()], { cwd, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: web (${ClientId}) has field(s) FutureSetting that this version of cognito-gitops does not know`,
    );
    expect(r.stdout).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/cognito-gitops@\d+\.\d+\.\d+\/schemas\/app-clients\.schema\.json$/m,
    );
  });
});

describe("wording", () => {
  it("--max-changes counts one client in the singular", async () => {
    emu.createClient(pool, { ClientName: "web" });
    const cwd = specDir({
      "a.yaml": { userPoolId: pool, clients: [{ clientName: "web", enableTokenRevocation: false }] },
    });
    const r = await runInProcess(["apply", "--max-changes", "0", ...flags()], { cwd, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "error: 1 client would change, more than the max-changes limit of 0; nothing was changed",
    );
  });
});
