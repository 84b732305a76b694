/** Minimal calls and throttling, through the CLI against the strict emulator. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;
const base = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("scale", "us-east-1");
});
afterEach(() => emu.close());

function seed(n: number): { ids: string[]; dir: string; byId: string } {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      emu.createClient(pool, {
        ClientName: `c${i}`,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: [`https://c${i}.example.com`],
      }).ClientId,
    );
  }
  const clients = ids
    .slice(0, 10)
    .map((id, i) => ({ clientId: id, clientName: `c${i}`, callbackURLs: [`https://c${i}.example.com`] }));
  return { ids, dir: specDir({ "x.yaml": { userPoolId: pool, clients } }), byId: ids[0] ?? "" };
}

describe("calls at scale", () => {
  it("makes one Describe per managed client, lists 60 per page, and writes nothing for in-sync clients", async () => {
    const { dir } = seed(70);
    const r = await runInProcess(["apply", "--output", "json", "--endpoint", emu.endpoint], {
      cwd: dir,
      env: { ...base, COGNITO_GITOPS_RATES: "1000,1000,1000" },
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.calls).toEqual({ ListUserPoolClients: 2, DescribeUserPoolClient: 10 });
    expect(json.throttled).toBe(0);
    expect(json.summary).toMatchObject({ noOp: 10, unmanaged: 60 });
    expect(emu.callsOf("ListUserPoolClients").map((c) => c.input.MaxResults)).toEqual([60, 60]);
  });

  it("skips the listing when every spec client has an ID and unmanaged clients are not asked for", async () => {
    const { dir } = seed(12);
    const r = await runInProcess(
      ["plan", "--output", "json", "--client", "c1", "--client", "c2", "--endpoint", emu.endpoint],
      {
        cwd: dir,
        env: { ...base, COGNITO_GITOPS_RATES: "1000,1000,1000" },
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).calls).toEqual({ DescribeUserPoolClient: 2 });
  });

  it("refuses a --pool or --client that matches nothing, rather than a green empty run", async () => {
    const { dir } = seed(2);
    const env = { ...base, COGNITO_GITOPS_RATES: "1000,1000,1000" };
    // The pool's ID with its case changed (a random ID can be all lower case already).
    const typoPool = pool.toLowerCase() === pool ? pool.toUpperCase() : pool.toLowerCase();
    const typo = await runInProcess(
      ["drift", "--pool", typoPool, "--client", "C1", "--endpoint", emu.endpoint],
      { cwd: dir, env },
    );
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`--pool ${typoPool}, --client C1 matches nothing in the specs`);
    expect(emu.calls).toHaveLength(0);
  });

  it("exports a pool without writing a Region its ID already names, and reports AWS errors clearly", async () => {
    seed(1);
    const env = { ...base, AWS_REGION: "eu-west-1", COGNITO_GITOPS_RATES: "1000,1000,1000" };
    const r = await runInProcess(["export", "--user-pool-id", pool, "--endpoint", emu.endpoint], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^region:/m);
    const missing = await runInProcess(
      ["export", "--user-pool-id", pool, "--client-id", "nope", "--endpoint", emu.endpoint],
      { env },
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: exporting user pool .*: ResourceNotFoundException: /m);
    expect(missing.stderr).not.toContain("unexpected failure");
  });

  it("a throttled run slows down, says so once, and still converges", async () => {
    const { dir, ids } = seed(30);
    for (const id of ids.slice(0, 10))
      emu.patchClient(pool, id, { CallbackURLs: ["https://old.example.com"] });
    // The tool believes it may send 50/s; the account really allows 4/s per pool and operation.
    emu.faults.poolOperationRate = 4;
    const r = await runInProcess(["apply", "--output", "json", "--endpoint", emu.endpoint], {
      cwd: dir,
      env: { ...base, COGNITO_GITOPS_RATES: "50,50,50" },
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({ update: 10, error: 0 });
    expect(json.throttled).toBeGreaterThan(0);
    expect(json.clients.every((c: { converged: boolean }) => c.converged)).toBe(true);
    expect(r.stderr.match(/note: Cognito is throttling/g)).toHaveLength(1);
    const ok = emu.callsOf("UpdateUserPoolClient").filter((c) => c.status === 200);
    expect(ok).toHaveLength(10);
  });
});
