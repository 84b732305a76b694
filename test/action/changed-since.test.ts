/** The Action's changed-since input: a pull request's plan reads only the clients it changes. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { actionBundle, runActionBundle } from "../support/action.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
});
afterEach(() => emu.close());

it("plans only the clients whose spec entries changed since the input's ref, and says how many it skipped", async () => {
  const pool = emu.createPool("action", "us-east-1");
  const spec = (name: string, url: string) => ({
    clientName: name,
    allowedOAuthFlowsUserPoolClient: true,
    callbackURLs: [url],
  });
  for (const n of ["web", "api", "admin"]) {
    emu.createClient(pool, {
      ClientName: n,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: [`https://${n}.example.com`],
    });
  }
  const repo = specDir({});
  mkdirSync(join(repo, "cognito"));
  const file = join(repo, "cognito", "pool.yaml");
  const clients = ["web", "api", "admin"].map((n) => spec(n, `https://${n}.example.com`));
  writeFileSync(file, dump({ userPoolId: pool, clients }));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
      cwd: repo,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "specs");
  clients[0] = spec("web", "https://web.example.com/new");
  writeFileSync(file, dump({ userPoolId: pool, clients }));

  const r = await runActionBundle({
    cwd: repo,
    inputs: { paths: "cognito", "changed-since": "HEAD", comment: "false" },
    env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint },
  });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.outputs.summary).toBe("Plan: 1 to update, 0 in sync, 0 errors.");
  expect(r.summary).toContain("2 clients not read: their specs did not change since HEAD.");
  expect(emu.callsOf("DescribeUserPoolClient")).toHaveLength(1);
});
