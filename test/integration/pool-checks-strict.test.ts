/**
 * A green plan means a green apply, against the strict emulator (which rejects what AWS rejects,
 * including what depends on the pool's schema, tier, identity providers and resource servers):
 * every kind of client round-trips through export, each case AWS would reject is a plan error for
 * that client alone with no write for it, and the pool is read once per run.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dump, load } from "js-yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliResult, runInProcess } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;

const env = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  COGNITO_GITOPS_RATES: "1000,1000,1000",
};
const cli = (args: string[], cwd: string): Promise<CliResult> =>
  runInProcess([...args, "--endpoint", emu.endpoint, "--region", "us-east-1"], { cwd, env });
const validate = (cwd: string) => runInProcess(["validate", "."], { cwd });
const json = (r: CliResult) => JSON.parse(r.stdout);
type Entry = { clientName: string; action: string; error?: { code: string; message: string } };
const byName = (plan: { clients: Entry[] }) => new Map(plan.clients.map((c) => [c.clientName, c]));
const updated = () => emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientId);

const OAUTH = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code"],
  AllowedOAuthScopes: ["openid", "email"],
  CallbackURLs: ["https://app.example.com/callback"],
};

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("checks", "us-east-1", { customAttributes: ["department", "tier"] });
  emu.addIdentityProvider(pool, "Google");
  emu.addIdentityProvider(pool, "Corp", "SAML");
  emu.addResourceServer(pool, "api.example.com", ["read", "write"]);
});
afterEach(() => emu.close());

/** One client of every kind a team keeps in Git. */
function seedEveryKind(): Map<string, string> {
  const ids = new Map<string, string>();
  const add = (name: string, input: Record<string, unknown>) =>
    ids.set(name, emu.createClient(pool, { ClientName: name, ...input }).ClientId);
  add("rotating", {
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
    RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
  });
  add("machine", {
    GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["client_credentials"],
    AllowedOAuthScopes: ["api.example.com/read", "api.example.com/write"],
  });
  add("web", {
    ...OAUTH,
    CallbackURLs: ["https://app.example.com/callback", "http://localhost:3000/callback"],
    LogoutURLs: ["https://app.example.com/bye"],
    DefaultRedirectURI: "https://app.example.com/callback",
  });
  add("mobile", {
    ...OAUTH,
    CallbackURLs: ["myapp://callback", "com.example.app:/oauth2redirect"],
    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  add("profile-editor", {
    ReadAttributes: ["email", "custom:department"],
    WriteAttributes: ["custom:department"],
  });
  add("federated", { ...OAUTH, SupportedIdentityProviders: ["COGNITO", "Google", "Corp"] });
  return ids;
}

describe("every kind of client", () => {
  it("exports, validates without a warning and plans as no-op, reading no pool; changed, each applies", async () => {
    const ids = seedEveryKind();
    const dir = specDir({});
    const exported = await cli(["export", "--user-pool-id", pool, "--out", "."], dir);
    expect(exported.code).toBe(0);
    const [file] = readdirSync(dir);
    expect(file).toBe(`${pool}.yaml`);
    const text = readFileSync(join(dir, file ?? ""), "utf8");
    expect(text).toContain("refreshTokenRotation");
    expect(text).toContain("client_credentials");

    const validated = await validate(dir);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toBe("Valid: 1 file, 6 clients.\n");

    const plan = await cli(["plan", ".", "--output", "json", "--detailed-exitcode"], dir);
    expect(plan.code).toBe(0);
    expect(json(plan).summary).toMatchObject({ clients: 6, noOp: 6, update: 0, error: 0 });
    expect(json(plan).calls).toEqual({ ListUserPoolClients: 1, DescribeUserPoolClient: 6 }); // no pool read: nothing to check

    // One change to each: every request passes the pool checks, and AWS (the emulator) takes it.
    const doc = load(text) as { clients: Record<string, unknown>[] };
    for (const c of doc.clients) c.authSessionValidity = 9;
    const changed = specDir({ "pool.yaml": dump(doc) });
    const applied = await cli(["apply", ".", "--output", "json"], changed);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(json(applied).summary).toMatchObject({ update: 6, error: 0 });
    expect(json(applied).calls).toMatchObject({
      DescribeUserPool: 1,
      ListIdentityProviders: 1,
      ListResourceServers: 1,
    });
    expect(new Set(updated())).toEqual(new Set(ids.values()));
    expect(emu.rawClient(pool, ids.get("rotating") ?? "").ExplicitAuthFlows).toEqual(["ALLOW_USER_SRP_AUTH"]);
  });
});

describe("what AWS would reject", () => {
  it("is a plan error for that client alone, and apply writes only the others", async () => {
    const ids = new Map<string, string>();
    const live = (name: string, input: Record<string, unknown>) => {
      const id = emu.createClient(pool, { ClientName: name, ...input }).ClientId;
      ids.set(name, id);
      return id;
    };
    const stored = (name: string) => JSON.stringify(emu.rawClient(pool, ids.get(name) ?? ""));
    const good = live("good", OAUTH);
    const dupes = live("dupes", OAUTH);
    live("public", OAUTH);
    live("machine", {
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthScopes: ["api.example.com/read"],
    });
    live("no-oauth", {});
    // Clients holding values AWS refuses now (made before a rule tightened, say): an update would resend them.
    const legacy = (name: string, members: Record<string, unknown>) => {
      const id = live(name, OAUTH);
      emu.patchClient(pool, id, members);
      return id;
    };
    legacy("wildcard", { CallbackURLs: ["https://*.example.com/callback"] });
    legacy("no-slashes", { CallbackURLs: ["https:app.example.com/callback"] });
    legacy("hex-loopback", { CallbackURLs: ["http://0x7f.1/callback"] });
    legacy("odd-scope", { AllowedOAuthScopes: ["api.example.com:read"] });
    const nbsp = legacy("nbsp", { ClientName: "web\u00a0app" });
    for (const name of ["attrs", "idp", "scope", "server"]) live(name, OAUTH);

    const refused = [...ids.keys()].filter((n) => n !== "good" && n !== "dupes");
    expect(refused).toHaveLength(12);
    const before = new Map(refused.map((n) => [n, stored(n)]));
    const change = { authSessionValidity: 7 };
    const clients = [
      { clientName: "good", ...change },
      { clientName: "dupes", allowedOAuthFlows: ["code", "code", "implicit", "implicit"] },
      // AWS's own rules, broken only once the live client is laid under the spec.
      {
        clientName: "public",
        allowedOAuthFlows: ["client_credentials"],
        allowedOAuthScopes: ["api.example.com/read"],
      },
      { clientName: "machine", allowedOAuthScopes: ["api.example.com/read", "openid"] },
      {
        clientName: "no-oauth",
        allowedOAuthFlowsUserPoolClient: true,
        callbackURLs: ["https://x.example.com/cb"],
      },
      { clientName: "wildcard", ...change },
      { clientName: "no-slashes", ...change },
      { clientName: "hex-loopback", ...change },
      { clientName: "odd-scope", ...change },
      { clientId: nbsp, ...change },
      // Rules that need the pool's schema, identity providers and resource servers.
      { clientName: "attrs", readAttributes: ["email", "custom:departmnet"] },
      { clientName: "idp", supportedIdentityProviders: ["COGNITO", "Facebook"] },
      { clientName: "scope", allowedOAuthScopes: ["openid", "api.example.com/delete"] },
      { clientName: "server", allowedOAuthScopes: ["billing/read"] },
    ];
    const dir = specDir({ "pool.yaml": { userPoolId: pool, clients } });
    expect((await validate(dir)).code).toBe(0); // the spec alone shows none of it

    const plan = await cli(["plan", ".", "--output", "json"], dir);
    expect(plan.code).toBe(1);
    const entries = byName(json(plan));
    expect(entries.get("good")?.action).toBe("update");
    expect(entries.get("dupes")?.action).toBe("update");
    const expectError = (name: string, code: string, text: RegExp) => {
      const e = [...entries.values()].find((x) => x.clientName === name);
      expect(e?.action, name).toBe("error");
      expect(e?.error?.code, name).toBe(code);
      expect(e?.error?.message, name).toMatch(text);
    };
    expectError("public", "InvalidConfiguration", /client_credentials needs a client with a secret/);
    expectError("machine", "InvalidConfiguration", /"openid" is a user scope/);
    expectError(
      "no-oauth",
      "InvalidConfiguration",
      /allowedOAuthFlowsUserPoolClient: true needs allowedOAuthFlows/,
    );
    expectError("wildcard", "InvalidConfiguration", /contains \*/);
    expectError("no-slashes", "InvalidConfiguration", /has no "\/\/" after "https:"/);
    expectError("hex-loopback", "InvalidConfiguration", /uses http/);
    expectError("odd-scope", "InvalidConfiguration", /neither a standard scope/);
    expectError("web\u00a0app", "InvalidConfiguration", /clientName "web\u00a0app" must be/);
    expectError(
      "attrs",
      "PoolMismatch",
      /readAttributes entry "custom:departmnet" .* did you mean "custom:department"\?.*custom:department, custom:tier/,
    );
    expectError(
      "idp",
      "PoolMismatch",
      /"Facebook" is not an identity provider .*\(it has: COGNITO, Corp, Google\)/,
    );
    expectError("scope", "PoolMismatch", /has no scope "delete" .*\(its scopes: read, write\)/);
    expectError(
      "server",
      "PoolMismatch",
      /has no resource server "billing" .*\(its resource servers: api\.example\.com\)/,
    );
    expect(json(plan).calls).toMatchObject({
      DescribeUserPool: 1,
      ListIdentityProviders: 1,
      ListResourceServers: 1,
    });

    emu.resetCalls();
    const applied = await cli(["apply", ".", "--output", "json"], dir);
    expect(applied.code).toBe(1);
    expect(json(applied).summary).toMatchObject({ update: 2, error: 12 });
    expect(updated().sort()).toEqual([good, dupes].sort()); // nothing sent for the others
    expect(emu.callsOf("UpdateUserPoolClient").every((c) => c.status === 200)).toBe(true);
    // Sets go out without duplicates: AWS counts AllowedOAuthFlows as sent (at most 3).
    const sent = emu.callsOf("UpdateUserPoolClient").find((c) => c.input.ClientId === dupes);
    expect(sent?.input.AllowedOAuthFlows).toEqual(["code", "implicit"]);
    for (const [name, was] of before) expect(stored(name), name).toBe(was);
    expect(emu.callsOf("DescribeUserPool")).toHaveLength(1); // once per run, not per client

    // The emulator does refuse them: with the pool checks off, the section-3 updates fail at AWS.
    emu.resetCalls();
    const unchecked = await cli(["apply", ".", "--output", "json", "--skip-pool-checks"], dir);
    const after = byName(json(unchecked));
    expect(after.get("attrs")?.error?.code).toBe("InvalidParameterException");
    expect(after.get("idp")?.error?.code).toBe("InvalidParameterException");
    expect(after.get("scope")?.error?.code).toBe("ScopeDoesNotExistException");
    expect(emu.callsOf("DescribeUserPool")).toHaveLength(0);
  });

  it("ALLOW_USER_AUTH on a LITE pool is an error for that client; a client of the same pool is applied", async () => {
    const lite = emu.createPool("lite", "us-east-1", { tier: "LITE" });
    const a = emu.createClient(lite, { ClientName: "passwordless" }).ClientId;
    const b = emu.createClient(lite, { ClientName: "srp" }).ClientId;
    const dir = specDir({
      "lite.yaml": {
        userPoolId: lite,
        clients: [
          { clientName: "passwordless", explicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
          { clientName: "srp", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
        ],
      },
    });
    const applied = await cli(["apply", ".", "--output", "json"], dir);
    expect(applied.code).toBe(1);
    const entries = byName(json(applied));
    expect(entries.get("passwordless")?.error?.message).toMatch(/ALLOW_USER_AUTH.*LITE tier/);
    expect(entries.get("srp")?.action).toBe("update");
    expect(updated()).toEqual([b]);
    expect(emu.rawClient(lite, a).ExplicitAuthFlows).toBeUndefined();
  });
});

describe("pool reads the role may not make", () => {
  it("plan goes on with one warning per pool, and the checks they feed are skipped", async () => {
    const other = emu.createPool("other");
    emu.createClient(pool, { ClientName: "web", ...OAUTH });
    emu.createClient(other, { ClientName: "web", ...OAUTH });
    emu.faults.accessDenied = new Set(["DescribeUserPool", "ListIdentityProviders", "ListResourceServers"]);
    const spec = (id: string) => ({
      userPoolId: id,
      clients: [{ clientName: "web", readAttributes: ["email", "custom:nope"] }],
    });
    const dir = specDir({ "a.yaml": spec(pool), "b.yaml": spec(other) });
    const plan = await cli(["plan", ".", "--output", "json"], dir);
    expect(plan.code).toBe(0);
    const out = json(plan);
    expect(out.summary).toMatchObject({ update: 2, error: 0 });
    expect(out.warnings).toHaveLength(2);
    for (const w of out.warnings) {
      expect(w.code).toBe("PoolChecksDenied");
      expect(w.message).toMatch(
        /^pool checks skipped for user pool \S+: the role lacks cognito-idp:DescribeUserPool, cognito-idp:ListIdentityProviders, cognito-idp:ListResourceServers \(AccessDeniedException\)/,
      );
    }
    expect(out.calls).toMatchObject({
      DescribeUserPool: 2,
      ListIdentityProviders: 2,
      ListResourceServers: 2,
    });
    const text = await cli(["plan", "."], dir);
    expect(text.stdout.match(/^warning: pool checks skipped/gm)).toHaveLength(2);
    expect(text.stdout).toMatch(/^Plan: 2 to update, 0 in sync, 0 errors, 2 warnings\.$/m);

    // Only ListResourceServers denied: the attribute check still runs.
    emu.faults.accessDenied = new Set(["ListResourceServers"]);
    const partial = json(await cli(["plan", ".", "--output", "json"], dir));
    expect(partial.summary).toMatchObject({ error: 2 });
    expect(partial.warnings[0].message).toMatch(
      /lacks cognito-idp:ListResourceServers \(AccessDeniedException\)/,
    );
  });
});

describe("warnings on planned clients", () => {
  it("shows a rotating client that still allows ALLOW_REFRESH_TOKEN_AUTH in text, Markdown and JSON", async () => {
    emu.createClient(pool, {
      ClientName: "rotating",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      RefreshTokenRotation: { Feature: "ENABLED" },
    });
    const dir = specDir({
      "a.yaml": { userPoolId: pool, clients: [{ clientName: "rotating", authSessionValidity: 5 }] },
    });
    const text = await cli(["plan", "."], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^ {4}warning: explicitAuthFlows allows ALLOW_REFRESH_TOKEN_AUTH, which AWS documents as incompatible/m,
    );
    expect(text.stdout).toMatch(/^Plan: 1 to update, 0 in sync, 0 errors, 1 warning\.$/m);
    const md = await cli(["plan", ".", "--output", "markdown"], dir);
    expect(md.stdout).toMatch(
      /\| ⚠️ \| rotating \(\w+\) in \S+ \| explicitAuthFlows allows ALLOW_REFRESH_TOKEN_AUTH/,
    );
    const entry = json(await cli(["plan", ".", "--output", "json"], dir)).clients[0];
    expect(entry.action).toBe("update");
    expect(entry.warnings).toEqual([expect.objectContaining({ rule: "rotation-with-refresh-token-auth" })]);
    // A warning never stops apply.
    expect((await cli(["apply", "."], dir)).code).toBe(0);
  });
});
