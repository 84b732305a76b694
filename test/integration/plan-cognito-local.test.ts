/**
 * plan, drift and export, run as a user runs them (in-process and as a subprocess), against
 * cognito-local: a third-party emulator speaking the real AWS wire protocol.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientSpec } from "../../src/model/types.js";
import { type CliResult, runInProcess, runSubprocess } from "../support/cli.js";
import { type CognitoLocal, startCognitoLocal } from "../support/cognito-local.js";
import { consoleEdit, createClient, createPool, sdk, specDir } from "../support/seed.js";

let emu: CognitoLocal;
let aws: CognitoIdentityProviderClient;
let pool: string;
let dir: string;
const ids: Record<string, string> = {};
const secrets: string[] = [];

const WEB: ClientSpec & { clientName: string } = {
  clientName: "web",
  allowedOAuthFlowsUserPoolClient: true,
  allowedOAuthFlows: ["code"],
  allowedOAuthScopes: ["openid", "email"],
  callbackURLs: ["https://app.example.com/callback", "https://app.example.com/alt"],
  defaultRedirectURI: "https://app.example.com/callback",
  explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  accessTokenValidity: 60,
  tokenValidityUnits: { accessToken: "minutes" },
};

function client(name: string, extra: ClientSpec = {}): ClientSpec & { clientName: string } {
  return { ...WEB, clientName: name, ...extra };
}

let env: Record<string, string>;

function flags(): string[] {
  return ["--endpoint", emu.endpoint, "--region", "us-east-1"];
}

async function plan(args: string[], cwd = dir): Promise<CliResult> {
  return runInProcess(["plan", ...args, ...flags()], { cwd, env });
}

beforeAll(async () => {
  emu = await startCognitoLocal();
  // Emulators have no quotas: lift the limiter so the suite runs fast (quotas are tested apart).
  env = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", COGNITO_GITOPS_RATES: "1000,1000,1000" };
  aws = sdk(emu.endpoint);
  pool = await createPool(aws, "integration");
  // Live clients, each created exactly as its spec says...
  for (const name of ["in-sync", "reordered", "callback", "scope", "lifetime", "flows"]) {
    const c = await createClient(aws, pool, client(name), { secret: name === "in-sync" });
    ids[name] = c.clientId;
    if (c.secret) secrets.push(c.secret);
  }
  await createClient(aws, pool, client("twin"));
  await createClient(aws, pool, client("twin"));
  const orphan = await createClient(aws, pool, client("orphan"), { secret: true });
  if (orphan.secret) secrets.push(orphan.secret);
  // ...then changed "in the console".
  await consoleEdit(aws, pool, ids.callback ?? "", {
    callbackURLs: ["https://evil.example.com/cb", "https://app.example.com/callback"],
  });
  await consoleEdit(aws, pool, ids.scope ?? "", { allowedOAuthScopes: ["openid", "email", "profile"] });
  await consoleEdit(aws, pool, ids.lifetime ?? "", {
    accessTokenValidity: 2,
    tokenValidityUnits: { accessToken: "hours" },
  });
  await consoleEdit(aws, pool, ids.flows ?? "", {
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
  });

  dir = specDir({
    "pool.yaml": {
      userPoolId: pool,
      clients: [
        client("in-sync"),
        // Same settings in another order, and the lifetime as 1 hour rather than 60 minutes.
        client("reordered", {
          allowedOAuthScopes: ["email", "openid", "openid"],
          callbackURLs: ["https://app.example.com/alt", "https://app.example.com/callback"],
          accessTokenValidity: 1,
          tokenValidityUnits: { accessToken: "hours" },
        }),
        client("callback"),
        client("scope"),
        client("lifetime"),
        client("flows"),
        client("ghost"),
        {
          clientName: "twin",
          callbackURLs: ["https://twin.example.com"],
          allowedOAuthFlowsUserPoolClient: true,
        },
      ],
    },
  });
}, 60_000);

afterAll(async () => {
  aws?.destroy();
  await emu?.stop();
});

type JsonPlan = {
  summary: Record<string, number>;
  clients: Array<{
    clientName: string;
    action: string;
    changes: Array<{ field: string; before: unknown; after: unknown }>;
    error?: { code: string; message: string };
    patch: unknown[];
    fingerprint?: string;
    source: { file: string; line: number };
  }>;
  unmanaged: Array<{ clientName: string }>;
};

describe("plan against cognito-local", () => {
  let json: JsonPlan;
  let result: CliResult;

  beforeAll(async () => {
    result = await plan(["--output", "json"]);
    json = JSON.parse(result.stdout);
  });

  const byName = (name: string) => json.clients.find((c) => c.clientName === name);

  it("exits 1 because two clients are in error, and still plans the others", () => {
    expect(result.code).toBe(1);
    expect(json.summary).toEqual({
      clients: 8,
      update: 4,
      noOp: 2,
      error: 2,
      unmanaged: 1,
      // A callback on a known host, a scope, a shorter token and a password flow removed: nothing risky.
      risks: { high: 0, medium: 0, low: 0, accepted: 0 },
    });
  });

  it("gives no-op for an in-sync client, and for reordered lists and 60 minutes vs 1 hour", () => {
    expect(byName("in-sync")).toMatchObject({ action: "no-op", changes: [], patch: [] });
    expect(byName("reordered")).toMatchObject({ action: "no-op", changes: [] });
    expect(byName("in-sync")?.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ["callback", "callbackURLs"],
    ["scope", "allowedOAuthScopes"],
    ["lifetime", "accessTokenValidity"],
    ["flows", "explicitAuthFlows"],
  ])("gives update with exactly the changed field for %s", (name, field) => {
    const c = byName(name);
    expect(c?.action).toBe("update");
    expect(c?.changes.map((ch) => ch.field)).toEqual([field]);
    expect(c?.patch.length).toBeGreaterThan(0);
  });

  it("shows before and after in normalised form", () => {
    expect(byName("lifetime")?.changes[0]).toEqual({
      field: "accessTokenValidity",
      kind: "duration",
      before: { value: 2, unit: "hours" },
      after: { value: 1, unit: "hours" },
    });
    expect(byName("callback")?.changes[0]).toEqual({
      field: "callbackURLs",
      kind: "set",
      before: ["https://app.example.com/callback", "https://evil.example.com/cb"],
      after: ["https://app.example.com/alt", "https://app.example.com/callback"],
      added: ["https://app.example.com/alt"],
      removed: ["https://evil.example.com/cb"],
    });
  });

  it("reports a missing and an ambiguous client as errors", () => {
    expect(byName("ghost")).toMatchObject({ action: "error", error: { code: "ClientNotFound" } });
    expect(byName("twin")).toMatchObject({ action: "error", error: { code: "AmbiguousClientName" } });
    expect(byName("twin")).toMatchObject({ error: { message: expect.stringContaining("add clientId") } });
  });

  it("lists live clients no spec names as unmanaged", () => {
    expect(json.unmanaged.map((u) => u.clientName)).toEqual(["orphan"]);
  });

  it("points each entry at its spec file and line", () => {
    expect(byName("callback")?.source).toEqual({ file: "pool.yaml", line: expect.any(Number) });
    const lines = json.clients.map((c) => c.source.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it("renders text with -/+ lines and the closing line", async () => {
    const text = await plan([]);
    expect(text.stdout).toContain("~ callback (");
    expect(text.stdout).toContain("      - https://evil.example.com/cb");
    expect(text.stdout).toContain("      + https://app.example.com/alt");
    // cognito-local has no ListIdentityProviders or ListResourceServers: those checks are skipped, once for the pool.
    expect(text.stdout).toMatch(/^Plan: 4 to update, 2 in sync, 2 errors, 1 warning\.$/m);
    expect(
      text.stdout.match(/^warning: pool checks skipped for user pool .*ListIdentityProviders failed/gm),
    ).toHaveLength(1);
    expect(text.stdout).not.toContain("\u001b["); // no colour without a terminal
    const tty = await runInProcess(["plan", ...flags()], { cwd: dir, env, isTTY: true });
    expect(tty.stdout).toContain("\u001b[32m");
    const noColor = await runInProcess(["plan", ...flags()], {
      cwd: dir,
      env: { ...env, NO_COLOR: "1" },
      isTTY: true,
    });
    expect(noColor.stdout).not.toContain("\u001b[");
  });

  it("renders Markdown with the summary first and one <details> per changed client", async () => {
    const md = await plan(["--output", "markdown"]);
    expect(md.stdout.split("\n")[2]).toContain("Plan: 4 to update, 2 in sync, 2 errors, 1 warning.");
    // A small plan is shown expanded.
    expect(md.stdout.match(/<details open><summary><b>/g)).toHaveLength(4);
    expect(md.stdout).toContain("```diff");
  });

  it("exits 0/2 with --detailed-exitcode when there are no errors", async () => {
    const only = ["--client", "callback", "--client", "in-sync"];
    expect((await plan([...only])).code).toBe(0);
    expect((await plan([...only, "--detailed-exitcode"])).code).toBe(2);
    expect((await plan(["--client", "in-sync", "--detailed-exitcode"])).code).toBe(0);
  });

  it("saves the JSON plan with --out", async () => {
    await plan(["--client", "callback", "--out", "saved/plan.json"]);
    const saved = JSON.parse(readFileSync(join(dir, "saved/plan.json"), "utf8"));
    expect(saved.formatVersion).toBe(1);
    expect(saved.clients[0]).toMatchObject({ clientName: "callback", action: "update" });
  });

  it("drift words the same comparison as drift and exits 2", async () => {
    const drift = await runInProcess(["drift", "--client", "callback", "--client", "in-sync", ...flags()], {
      cwd: dir,
      env,
    });
    expect(drift.code).toBe(2);
    // The spec folder is not in Git: the cause is unknown, and the drift is read from the live side.
    expect(drift.stdout).toMatch(
      /~ callback \(\w+\) in \w+ drifted \(pool\.yaml:\d+\)\n {4}cause unknown, no Git history to tell \(live last modified \d{4}-/,
    );
    expect(drift.stdout).toContain("      added outside Git: https://evil.example.com/cb\n");
    expect(drift.stdout).toContain("[high] new-redirect-domain (callbackURLs)");
    expect(drift.stdout).toMatch(/^Drift: 1 client drifted, 1 in sync, 0 errors\.$/m);
    const clean = await runInProcess(["drift", "--client", "in-sync", ...flags()], { cwd: dir, env });
    expect(clean.code).toBe(0);
  });

  it("runs the same way as a subprocess", async () => {
    const sub = await runSubprocess(["plan", "--client", "lifetime", "--detailed-exitcode", ...flags()], {
      cwd: dir,
      env,
    });
    expect(sub.code).toBe(2);
    expect(sub.stdout).toContain("accessTokenValidity:");
    expect(sub.stdout).toContain("- 2 hours");
    expect(sub.stdout).toContain("+ 1 hour");
    expect(sub.stderr).toBe("");
  });
});

describe("export against cognito-local", () => {
  it("writes specs that validate and plan as no-op for every client, with no secret", async () => {
    const out = specDir({});
    const exported = await runInProcess(["export", "--user-pool-id", pool, "--out", "specs", ...flags()], {
      cwd: out,
      env,
    });
    expect(exported.code).toBe(0);
    const yaml = readFileSync(join(out, "specs", `${pool}.yaml`), "utf8");
    expect(yaml.split("\n")[0]).toMatch(
      /^# yaml-language-server: \$schema=.*schemas\/app-clients\.schema\.json$/,
    );
    for (const s of secrets) expect(yaml).not.toContain(s);
    expect(yaml).not.toMatch(/ClientSecret|clientSecret|CreationDate|LastModifiedDate/);
    const roundTrip = await runInProcess(
      ["plan", "specs", "--output", "json", "--detailed-exitcode", ...flags()],
      {
        cwd: out,
        env,
      },
    );
    expect(roundTrip.stderr).toBe("");
    const json = JSON.parse(roundTrip.stdout) as JsonPlan;
    expect(json.summary.update).toBe(0);
    expect(json.summary.error).toBe(0);
    expect(json.clients.length).toBe(9);
    expect(json.clients.every((c) => c.action === "no-op")).toBe(true);
    expect(roundTrip.code).toBe(0);
  });
});

describe("the client secret", () => {
  it("appears in no output of plan, drift or export, in any format", async () => {
    expect(secrets.length).toBe(2);
    const runs: CliResult[] = [];
    for (const output of ["text", "markdown", "json"]) {
      runs.push(await plan(["--output", output]));
      runs.push(await runInProcess(["drift", "--output", output, ...flags()], { cwd: dir, env }));
    }
    runs.push(await runInProcess(["export", "--user-pool-id", pool, ...flags()], { cwd: dir, env }));
    runs.push(await runSubprocess(["export", "--user-pool-id", pool, ...flags()], { cwd: dir, env }));
    for (const r of runs) {
      expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
      for (const s of secrets) {
        expect(r.stdout).not.toContain(s);
        expect(r.stderr).not.toContain(s);
      }
    }
  });
});
