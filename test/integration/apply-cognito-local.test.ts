/** The same apply against cognito-local: a third-party peer of the AWS wire protocol. */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientSpec } from "../../src/model/types.js";
import { runInProcess } from "../support/cli.js";
import { type CognitoLocal, startCognitoLocal } from "../support/cognito-local.js";
import { consoleEdit, createClient, createPool, sdk, specDir } from "../support/seed.js";

let emu: CognitoLocal;
let aws: CognitoIdentityProviderClient;
const env = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  COGNITO_GITOPS_RATES: "1000,1000,1000",
};

beforeAll(async () => {
  emu = await startCognitoLocal();
  aws = sdk(emu.endpoint);
}, 60_000);
afterAll(async () => {
  aws?.destroy();
  await emu?.stop();
});

describe("apply against cognito-local", () => {
  it("updates the drifted clients, converges, and a plan afterwards shows no changes", async () => {
    const pool = await createPool(aws, "apply");
    const base: ClientSpec & { clientName: string } = {
      clientName: "web",
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ["code"],
      allowedOAuthScopes: ["openid"],
      callbackURLs: ["https://app.example.com/cb"],
      idTokenValidity: 30,
      tokenValidityUnits: { idToken: "minutes" },
    };
    const web = await createClient(aws, pool, base);
    await createClient(aws, pool, { ...base, clientName: "api" });
    await consoleEdit(aws, pool, web.clientId, {
      callbackURLs: ["https://evil.example.com/cb"],
      idTokenValidity: 2,
      tokenValidityUnits: { idToken: "hours" },
    });
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [base, { ...base, clientName: "api" }] },
    });
    const flags = ["--endpoint", emu.endpoint, "--region", "us-east-1"];

    const applied = await runInProcess(["apply", "--output", "json", ...flags], { cwd: dir, env });
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    const json = JSON.parse(applied.stdout);
    expect(json.summary).toMatchObject({ update: 1, noOp: 1, error: 0 });
    expect(json.clients.find((c: { clientName: string }) => c.clientName === "web")).toMatchObject({
      applied: true,
      converged: true,
      changes: [{ field: "idTokenValidity" }, { field: "callbackURLs" }].map((c) =>
        expect.objectContaining(c),
      ),
    });
    const again = await runInProcess(["plan", "--detailed-exitcode", ...flags], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Plan: 0 to update, 2 in sync, 0 errors\.$/m);
  });
});
