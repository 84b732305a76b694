/** No credentials at all: one clear message and exit 1, not an error per client. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
