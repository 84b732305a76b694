/** `--changed-since REF`: only the clients whose spec entries changed are read; the rest are counted. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let poolA: string;
let poolB: string;
const env = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  COGNITO_GITOPS_RATES: "1000,1000,1000",
};

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd: dir,
    stdio: "ignore",
  });
}

const client = (name: string, url = `https://${name}.example.com/cb`) => ({
  clientName: name,
  allowedOAuthFlowsUserPoolClient: true,
  callbackURLs: [url],
});

beforeEach(async () => {
  emu = await startStrictEmulator();
  poolA = emu.createPool("a", "us-east-1");
  poolB = emu.createPool("b", "us-east-1");
  for (const [pool, names] of [
    [poolA, ["a1", "a2", "a3", "a4"]],
    [poolB, ["b1", "b2"]],
  ] as const) {
    for (const n of names) {
      emu.createClient(pool, {
        ClientName: n,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: [`https://${n}.example.com/cb`],
      });
    }
  }
});
afterEach(() => emu.close());

/** A folder for a repository, with cognito/ in it. */
function repo(): string {
  const dir = specDir({});
  mkdirSync(join(dir, "cognito"));
  return dir;
}

describe("--changed-since", () => {
  it("reads only changed and new clients, never a pool with no change, and says how many it skipped", async () => {
    const dir = repo();
    const a = join(dir, "cognito/a.yaml");
    const b = join(dir, "cognito/b.yaml");
    writeFileSync(a, dump({ userPoolId: poolA, clients: [client("a1"), client("a2"), client("a3")] }));
    writeFileSync(b, dump({ userPoolId: poolB, clients: [client("b1"), client("b2")] }));
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "specs");
    // Reformatted (flow style, keys reordered), a2 changed, a4 added; b.yaml untouched.
    const reordered = (c: ReturnType<typeof client>) => ({
      callbackURLs: c.callbackURLs,
      clientName: c.clientName,
      allowedOAuthFlowsUserPoolClient: true,
    });
    const changed = [client("a1"), client("a2", "https://a2.example.com/new"), client("a3"), client("a4")];
    writeFileSync(
      a,
      dump({ clients: changed.map(reordered), userPoolId: poolA }, { flowLevel: 2, indent: 4 }),
    );

    const r = await runInProcess(
      ["plan", "cognito", "--changed-since", "HEAD", "--output", "json", "--endpoint", emu.endpoint],
      { cwd: dir, env },
    );
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json.clients.map((c: { clientName: string }) => c.clientName)).toEqual(["a2", "a4"]);
    expect(json.summary).toMatchObject({ clients: 2, update: 1, noOp: 1 });
    expect(json.skipped).toEqual({ clients: 4, unchangedSince: "HEAD" });
    expect(json.calls).toEqual({
      ListUserPoolClients: 1,
      DescribeUserPoolClient: 2,
      DescribeUserPool: 1,
      ListIdentityProviders: 1,
      ListResourceServers: 1,
    });
    expect(new Set(emu.calls.map((c) => c.input.UserPoolId))).toEqual(new Set([poolA]));

    const text = await runInProcess(
      ["plan", "cognito", "--changed-since", "HEAD", "--endpoint", emu.endpoint],
      {
        cwd: dir,
        env,
      },
    );
    expect(text.stdout).toContain("4 clients not read: their specs did not change since HEAD.");
  });

  it("reads nothing at all when no spec entry changed, however the files were reformatted", async () => {
    const dir = repo();
    writeFileSync(join(dir, "cognito/a.yaml"), dump({ userPoolId: poolA, clients: [client("a1")] }));
    writeFileSync(join(dir, "cognito/b.yaml"), dump({ userPoolId: poolB, clients: [client("b1")] }));
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "specs");
    writeFileSync(
      join(dir, "cognito/a.yaml"),
      `# a comment now\nuserPoolId: "${poolA}"\nclients:\n  - { clientName: a1, callbackURLs: ["https://a1.example.com/cb"], allowedOAuthFlowsUserPoolClient: true }\n`,
    );
    const r = await runInProcess(
      ["plan", "--changed-since", "HEAD", "--output", "json", "--endpoint", emu.endpoint],
      { cwd: dir, env },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      summary: { clients: 0 },
      skipped: { clients: 2 },
      calls: {},
    });
    expect(emu.calls).toHaveLength(0);
  });

  it("resolves merge keys at the ref as in the working tree: a client sharing a base is unchanged", async () => {
    const dir = repo();
    const shared = (extra: string) =>
      `userPoolId: ${poolA}\nclients:\n  - &base\n    clientName: a1\n    allowedOAuthFlowsUserPoolClient: true\n    callbackURLs: [https://a1.example.com/cb]\n  - <<: *base\n    clientName: a2\n    callbackURLs: [https://a2.example.com/cb]\n${extra}`;
    writeFileSync(join(dir, "cognito/a.yaml"), shared(""));
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "specs");
    // Only a3 is new; a1 and a2 (through the merge key) are as committed.
    writeFileSync(
      join(dir, "cognito/a.yaml"),
      shared("  - <<: *base\n    clientName: a3\n    callbackURLs: [https://a3.example.com/cb]\n"),
    );
    const r = await runInProcess(
      ["plan", "--changed-since", "HEAD", "--output", "json", "--endpoint", emu.endpoint],
      { cwd: dir, env },
    );
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json.clients.map((c: { clientName: string }) => c.clientName)).toEqual(["a3"]);
    expect(json.skipped).toEqual({ clients: 2, unchangedSince: "HEAD" });
  });

  it("stops with a clear error, before any AWS call, when Git does not know the ref", async () => {
    const dir = repo();
    writeFileSync(join(dir, "cognito/a.yaml"), dump({ userPoolId: poolA, clients: [client("a1")] }));
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "specs");
    const r = await runInProcess(["plan", "--changed-since", "origin/nope", "--endpoint", emu.endpoint], {
      cwd: dir,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: --changed-since origin\/nope: Git knows no commit origin\/nope here/);
    expect(r.stderr).toContain("fetch-depth: 0");
    expect(emu.calls).toHaveLength(0);
  });
});
