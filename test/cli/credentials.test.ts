/** No credentials at all: one clear message and exit 1, not an error per client. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runSubprocess } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
beforeEach(async () => {
  emu = await startStrictEmulator();
});
afterEach(() => emu.close());

it("stops the run with one message naming what to set", async () => {
  const pool = emu.createPool("creds", "us-east-1");
  emu.createClient(pool, { ClientName: "web" });
  const dir = specDir({
    "x.yaml": { userPoolId: pool, clients: [{ clientName: "web" }, { clientName: "api" }] },
  });
  const r = await runSubprocess(["plan", "--endpoint", emu.endpoint], {
    cwd: dir,
    env: {
      HOME: mkdtempSync(join(tmpdir(), "cg-home-")),
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    "error: no AWS credentials found: set AWS_PROFILE or --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use OIDC in GitHub Actions\n",
  );
  expect(r.stdout).toBe("");
  expect(emu.calls).toHaveLength(0);
});

it("reports the updates already sent when credentials run out midway, then exits 1 with the error", async () => {
  const WEB = {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    CallbackURLs: ["https://app.example.com/cb"],
  };
  // Pool one's client is updated while pool two, of more than one listing page, is still listed.
  const one = emu.createPool("one", "us-east-1");
  const two = emu.createPool("two", "us-east-1");
  const a = emu.createClient(one, { ...WEB, ClientName: "a" });
  for (let i = 0; i < 61; i++) emu.createClient(two, { ...WEB, ClientName: `z${i}` });
  const longer = { accessTokenValidity: 2 };
  const dir = specDir({
    "one.yaml": { userPoolId: one, clients: [{ clientName: "a", ...longer }] },
    "two.yaml": { userPoolId: two, clients: [{ clientName: "z60", ...longer }] },
  });
  // A credential_process whose credentials last a second, and stop coming once the first update
  // has reached AWS.
  const home = mkdtempSync(join(tmpdir(), "cg-home-"));
  const stop = join(home, "stop");
  writeFileSync(
    join(home, "creds.cjs"),
    [
      `if (require("node:fs").existsSync(${JSON.stringify(stop)})) { console.error("session expired"); process.exit(1); }`,
      "const Expiration = new Date(Date.now() + 1000).toISOString();",
      'console.log(JSON.stringify({ Version: 1, AccessKeyId: "AKIDEXAMPLE", SecretAccessKey: "x", Expiration }));',
    ].join("\n"),
  );
  writeFileSync(
    join(home, "config"),
    `[profile ci]\nregion = us-east-1\ncredential_process = ${process.execPath} ${join(home, "creds.cjs")}\n`,
  );
  let updateArrived = () => {};
  const updated = new Promise<void>((resolve) => {
    updateArrived = resolve;
  });
  emu.faults.onRequest = async (operation, input) => {
    if (operation === "UpdateUserPoolClient") {
      writeFileSync(stop, "");
      updateArrived();
    }
    // Pool two's first page is answered only then, once the credentials have expired: its second
    // page needs new ones.
    if (operation === "ListUserPoolClients" && input.UserPoolId === two && !input.NextToken) {
      await Promise.race([updated, sleep(10_000)]);
      await sleep(1500);
    }
  };

  const r = await runSubprocess(
    ["apply", "--endpoint", emu.endpoint, "--profile", "ci", "--skip-pool-checks"],
    {
      cwd: dir,
      env: {
        HOME: home,
        AWS_CONFIG_FILE: join(home, "config"),
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true",
      },
    },
  );

  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`~ a (${a.ClientId}) in ${one} updated and verified`);
  expect(r.stdout).toContain("Apply: 1 updated, 0 in sync, 0 errors.");
  expect(r.stdout).not.toContain("z60");
  expect(r.stderr).toMatch(
    /^error: AWS credentials could no longer be loaded, though earlier requests of this run were signed with them: .*; updates had started for 1 client before the run stopped: 1 updated, 0 in flight \(result unknown\), 0 failed\n$/,
  );
  expect(emu.callsOf("UpdateUserPoolClient").map((c) => c.input.ClientId)).toEqual([a.ClientId]);
});
