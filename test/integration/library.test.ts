/** The library API, as a script would use it (the built lib/index.js, as `import "cognito-gitops"` loads it). */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Library from "../../src/index.js";
import { ROOT } from "../support/cli.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
beforeAll(async () => {
  emu = await startStrictEmulator();
});
afterAll(() => emu.close());

describe("import from cognito-gitops", () => {
  it("validates, plans and applies through the package's entry point", async () => {
    const lib = (await import(join(ROOT, "lib/index.js"))) as typeof Library;
    const pool = emu.createPool("lib", "us-east-1");
    emu.createClient(pool, {
      ClientName: "web",
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: ["https://old.example.com"],
    });
    const cwd = specDir({
      "x.yaml": {
        userPoolId: pool,
        clients: [{ clientName: "web", callbackURLs: ["https://new.example.com"] }],
      },
    });
    const report = await lib.validate(["."], cwd);
    expect(report.valid).toBe(true);
    const connect = (region: string) => new lib.AwsCognito({ region, endpoint: emu.endpoint });
    const { plan } = await lib.planSpecs(report.specs, { connect });
    expect(plan.summary).toMatchObject({ update: 1, noOp: 0 });
    expect(lib.renderPlanText(plan, { mode: "plan", color: false })).toContain("+ https://new.example.com");
    const applied = await lib.applySpecs(report.specs, { connect });
    expect(applied.plan.clients[0]?.outcome).toMatchObject({ applied: true, converged: true });
    expect(
      emu.rawClient(pool, emu.callsOf("UpdateUserPoolClient")[0]?.input.ClientId as string).CallbackURLs,
    ).toEqual(["https://new.example.com"]);
  });
});
