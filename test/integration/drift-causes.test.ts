/**
 * drift in a real Git repository with three commits, against the strict emulator: a console edit
 * is `outside-git`, a committed spec change never applied is `unapplied` (with its commit), and a
 * shallow clone, a folder outside Git or a machine without git give `unknown` with one note.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runInProcess, runSubprocess } from "../support/cli.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;
let repo: string;
let webId: string;
const commits: Record<string, string> = {};

const ATTACKER = "https://attacker.example.net/cb";

/** Git with a fixed identity and date, and no user or system configuration. */
function git(cwd: string, args: string[], date = "2026-11-28T09:00:00Z"): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "Dev",
      GIT_AUTHOR_EMAIL: "dev@example.com",
      GIT_COMMITTER_NAME: "Dev",
      GIT_COMMITTER_EMAIL: "dev@example.com",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  }).trim();
}

function spec(accessHours: number, apiLogout: boolean): string {
  return [
    `userPoolId: ${pool}`,
    "clients:",
    "  - clientName: web",
    "    allowedOAuthFlowsUserPoolClient: true",
    "    allowedOAuthFlows: [code]",
    "    allowedOAuthScopes: [openid]",
    "    callbackURLs: [https://app.example.com/cb]",
    `    accessTokenValidity: ${accessHours}`,
    "  - clientName: api",
    "    allowedOAuthFlowsUserPoolClient: true",
    ...(apiLogout ? ["    logoutURLs: [https://api.example.com/bye]"] : []),
    "",
  ].join("\n");
}

function commit(message: string, text: string, date: string): string {
  writeFileSync(join(repo, "cognito", "pool.yaml"), text);
  git(repo, ["add", "-A"], date);
  git(repo, ["commit", "-q", "-m", message], date);
  return git(repo, ["rev-parse", "HEAD"]);
}

const env = { COGNITO_GITOPS_RATES: "1000,1000,1000" };
const flags = () => ["--endpoint", emu.endpoint, "--region", "us-east-1"];
const drift = (cwd: string, args: string[] = []): Promise<CliResult> =>
  runInProcess(["drift", "cognito", ...args, ...flags()], { cwd, env });

type JsonChange = { field: string; cause: string; since?: { commit: string; date: string; subject: string } };
type JsonDrift = {
  summary: { drift: Record<string, number>; risks: Record<string, number> };
  clients: Array<{ clientName: string; changes: JsonChange[]; risks: Array<{ rule: string }> }>;
  historyGaps?: Array<{ reason: string }>;
};

beforeAll(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("drift", "us-east-1");
  repo = mkdtempSync(join(tmpdir(), "cg-drift-repo-"));
  mkdirSync(join(repo, "cognito"));
  git(repo, ["init", "-q", "-b", "main"]);

  // 1: the clients as first applied.
  commits.first = commit("Add web and api clients", spec(2, false), "2026-11-27T09:00:00Z");
  webId = emu.createClient(pool, {
    ClientName: "web",
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    CallbackURLs: ["https://app.example.com/cb"],
    AccessTokenValidity: 2,
    TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
  }).ClientId;
  const api = emu.createClient(pool, {
    ClientName: "api",
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
  });
  // 2: merged, but its apply never ran.
  commits.shorten = commit("Shorten token lifetimes", spec(1, false), "2026-11-29T10:30:00Z");
  // 3: merged and applied.
  commits.logout = commit("Add a logout URL to api", spec(1, true), "2026-11-30T08:00:00Z");
  emu.patchClient(pool, api.ClientId, { LogoutURLs: ["https://api.example.com/bye"] });
  // And someone adds a callback in the console.
  emu.patchClient(pool, webId, { CallbackURLs: ["https://app.example.com/cb", ATTACKER] });
}, 60_000);

afterAll(() => emu?.close());

describe("drift causes from the spec's Git history", () => {
  let json: JsonDrift;
  beforeAll(async () => {
    const r = await drift(repo, ["--output", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
    json = JSON.parse(r.stdout);
  });

  it("calls the console edit outside-git and the unapplied commit unapplied, naming that commit", () => {
    const web = json.clients.find((c) => c.clientName === "web");
    expect(web?.changes.map((c) => [c.field, c.cause, c.since])).toEqual([
      [
        "accessTokenValidity",
        "unapplied",
        {
          commit: commits.shorten,
          date: expect.stringMatching(/^2026-11-29T10:30:00/),
          subject: "Shorten token lifetimes",
        },
      ],
      ["callbackURLs", "outside-git", undefined],
    ]);
    expect(json.summary.drift).toEqual({ outsideGit: 1, unapplied: 1, unknown: 0 });
    expect(json.clients.find((c) => c.clientName === "api")?.changes).toEqual([]);
    expect(json.historyGaps).toBeUndefined();
  });

  it("reviews the change made outside Git (the attacker's callback), not the Git change never applied", () => {
    const web = json.clients.find((c) => c.clientName === "web");
    expect(web?.risks.map((r) => r.rule)).toEqual(["new-redirect-domain"]);
    expect(json.summary.risks).toEqual({ high: 1, medium: 0, low: 0, accepted: 0 });
  });

  it("words it from the live side in text, with the cause of each field", async () => {
    const r = await drift(repo);
    const short = commits.shorten?.slice(0, 7);
    expect(r.stdout).toContain(`    callbackURLs: changed outside Git (live last modified `);
    expect(r.stdout).toContain(`      added outside Git: ${ATTACKER}`);
    expect(r.stdout).toContain(
      `    accessTokenValidity: not yet applied: changed in Git by ${short} 'Shorten token lifetimes' (2026-11-29)`,
    );
    expect(r.stdout).toContain("      live has: 2 hours\n      Git says: 1 hour\n");
    expect(r.stdout).toContain("    [high] new-redirect-domain (callbackURLs): redirects to a new host");
    expect(r.stdout).not.toMatch(/^\s+- /m); // never a plan's `-` for what was added outside Git
    expect(r.stdout).toContain("Drift causes: 1 field changed outside Git, 1 field not yet applied.");
    expect(r.stdout).toContain("Security review: 1 high, 0 medium, 0 low.");
  });

  it("puts the security review before the details in Markdown", async () => {
    const r = await drift(repo, ["--output", "markdown"]);
    const review = r.stdout.indexOf("#### Security review");
    expect(review).toBeGreaterThan(0);
    // A small report: the details are expanded.
    expect(review).toBeLessThan(r.stdout.indexOf("<details open>"));
    expect(r.stdout).toMatch(
      /\| 🔴 high \| <code>new-redirect-domain<\/code> \| web \(\w+\) in \S+ \| <code>callbackURLs<\/code> \|/,
    );
    expect(r.stdout).toContain("<code>cognito/pool.yaml:3</code>");
    expect(r.stdout).toContain(`  added outside Git: ${ATTACKER}`);
  });

  it("exits 3 with --fail-on-risk high after printing the report, and 2 when the risk is accepted", async () => {
    const r = await drift(repo, ["--fail-on-risk", "high"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("Drift: 1 client drifted");
    expect(r.stderr).toContain("1 unaccepted security risk at or above high (new-redirect-domain)");
    expect((await drift(repo, ["--fail-on-risk", "medium", "--client", "api"])).code).toBe(0);
  });

  it("follows the spec file through a rename", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cg-drift-mv-"));
    git(dir, ["clone", "-q", repo, "mv"]);
    const moved = join(dir, "mv");
    git(moved, ["mv", "cognito/pool.yaml", "cognito/clients é.yaml"]);
    git(moved, ["commit", "-q", "-m", "Rename the spec"], "2026-11-30T12:00:00Z");
    const r = await drift(moved, ["--output", "json", "--client", "web"]);
    const changes = (JSON.parse(r.stdout) as JsonDrift).clients[0]?.changes ?? [];
    expect(changes.map((c) => [c.field, c.cause, c.since?.commit])).toEqual([
      ["accessTokenValidity", "unapplied", commits.shorten],
      ["callbackURLs", "outside-git", undefined],
    ]);
  });

  it("reads an old version as it was written, even one today's rules would refuse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cg-drift-old-"));
    git(dir, ["clone", "-q", repo, "old"]);
    const old = join(dir, "old");
    const file = join(old, "cognito", "pool.yaml");
    // Live has 2 hours. A version asked for them with a key the schema no longer knows; the next
    // one (valid) shortened them and was never applied.
    writeFileSync(
      file,
      spec(2, true).replace("  - clientName: api", "    retiredSetting: x\n  - clientName: api"),
    );
    git(old, ["commit", "-qam", "Back to 2 hours"], "2026-11-30T12:00:00Z");
    writeFileSync(file, spec(1, true));
    git(old, ["commit", "-qam", "Shorten again"], "2026-11-30T13:00:00Z");
    const again = git(old, ["rev-parse", "HEAD"]);
    const r = await drift(old, ["--output", "json", "--client", "web"]);
    const changes = (JSON.parse(r.stdout) as JsonDrift).clients[0]?.changes ?? [];
    expect(changes.find((c) => c.field === "accessTokenValidity")).toMatchObject({
      cause: "unapplied",
      since: { commit: again, subject: "Shorten again" },
    });
  });

  it("gives the working tree's uncommitted change no commit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cg-drift-wt-"));
    git(dir, ["clone", "-q", repo, "wt"]);
    const wt = join(dir, "wt");
    // Committed: 1 hour (live has 2 hours: unapplied by 'Shorten...'); now edited to 3 hours, uncommitted,
    // while live is put back to what HEAD asks for.
    emu.patchClient(pool, webId, { AccessTokenValidity: 1 });
    try {
      writeFileSync(join(wt, "cognito", "pool.yaml"), spec(3, true));
      const r = await drift(wt, ["--output", "json", "--client", "web"]);
      const changes = (JSON.parse(r.stdout) as JsonDrift).clients[0]?.changes ?? [];
      const lifetime = changes.find((c) => c.field === "accessTokenValidity");
      expect(lifetime?.cause).toBe("unapplied");
      expect(lifetime).not.toHaveProperty("since");
      expect((await drift(wt, ["--client", "web"])).stdout).toContain(
        "not yet applied: the spec's change is not committed yet",
      );
    } finally {
      emu.patchClient(pool, webId, { AccessTokenValidity: 2 });
    }
  });
});

describe("without history, causes are unknown and one note says how to fix it", () => {
  it("in a shallow clone (git clone --depth 1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cg-drift-shallow-"));
    git(dir, ["clone", "-q", "--depth", "1", `file://${repo}`, "shallow"]);
    const shallow = join(dir, "shallow");
    const r = await drift(shallow, ["--output", "json"]);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as JsonDrift;
    expect(json.clients.flatMap((c) => c.changes.map((ch) => ch.cause))).toEqual(["unknown", "unknown"]);
    expect(json.summary.drift).toEqual({ outsideGit: 0, unapplied: 0, unknown: 2 });
    expect(json.historyGaps?.map((g) => g.reason)).toEqual(["shallow"]);
    const text = await drift(shallow);
    const notes = text.stdout.split("\n").filter((l) => l.startsWith("note: "));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("shallow clone");
    expect(notes[0]).toContain("`fetch-depth: 0`");
    expect(text.stdout).toContain("cause unknown, no Git history to tell");
    // The security review does not need history.
    expect(text.stdout).toContain("[high] new-redirect-domain");
  });

  it("outside any Git repository", async () => {
    const plain = mkdtempSync(join(tmpdir(), "cg-drift-plain-"));
    mkdirSync(join(plain, "cognito"));
    writeFileSync(join(plain, "cognito", "pool.yaml"), spec(1, true));
    const r = await drift(plain);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("note: Drift causes are unknown: the spec files are not in a Git repository");
  });

  it("when git is not installed (the CLI as a subprocess, with no git on PATH)", async () => {
    const noGit = mkdtempSync(join(tmpdir(), "cg-no-git-"));
    const r = await runSubprocess(["drift", "cognito", "--output", "json", ...flags()], {
      cwd: repo,
      env: { ...env, PATH: noGit, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as JsonDrift;
    expect(json.historyGaps?.map((g) => g.reason)).toEqual(["no-git"]);
    expect(json.summary.drift).toEqual({ outsideGit: 0, unapplied: 0, unknown: 2 });
  });
});
