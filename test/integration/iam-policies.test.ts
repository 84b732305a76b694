/** examples/iam/ grants exactly what plan and apply call: nothing missing, nothing more. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runInProcess } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
beforeAll(async () => {
  emu = await startStrictEmulator();
});
afterAll(() => emu.close());

function actions(file: string): string[] {
  const policy = JSON.parse(readFileSync(join(ROOT, "examples/iam", file), "utf8")) as {
    Statement: { Action: string[] }[];
  };
  return policy.Statement.flatMap((s) => s.Action).sort();
}

async function operationsOf(command: "plan" | "apply"): Promise<string[]> {
  const pool = emu.createPool(command);
  emu.createClient(pool, { ClientName: "web", AccessTokenValidity: 1 });
  emu.createClient(pool, { ClientName: "unmanaged" });
  const dir = specDir({
    "a.yaml": { userPoolId: pool, clients: [{ clientName: "web", accessTokenValidity: 2 }] },
  });
  emu.resetCalls();
  const env = { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x", COGNITO_GITOPS_RATES: "1000,1000,1000" };
  const r = await runInProcess([command, ".", "--endpoint", emu.endpoint, "--region", "us-east-1"], {
    cwd: dir,
    env,
  });
  expect(r.code).toBe(0);
  return [...new Set(emu.calls.map((c) => `cognito-idp:${c.operation}`))].sort();
}

describe("examples/iam", () => {
  it("the plan role allows exactly what plan calls, pool checks included", async () => {
    expect(actions("plan-role-policy.json")).toEqual(await operationsOf("plan"));
  });

  it("the apply role allows exactly what apply calls", async () => {
    expect(actions("apply-role-policy.json")).toEqual(await operationsOf("apply"));
  });
});
