import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { FakeClock } from "../support/fake-clock.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;

beforeAll(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("adapter");
});
afterAll(() => emu.close());

function adapter(): AwsCognito {
  return new AwsCognito({ region: "us-east-1", endpoint: emu.endpoint });
}

describe("the AWS SDK adapter", () => {
  it("lists every client of a pool across pages", async () => {
    const p = emu.createPool("many");
    for (let i = 0; i < 65; i++) emu.createClient(p, { ClientName: `c${i}` });
    const list = await adapter().listClients(p);
    expect(list).toHaveLength(65);
    expect(emu.callsOf("ListUserPoolClients")).toHaveLength(2);
  });

  it("describes a client without ever returning its secret, and finds members the SDK drops", async () => {
    const { ClientId, ClientSecret } = emu.createClient(pool, {
      ClientName: "secretive",
      GenerateSecret: true,
      CallbackURLs: ["https://b.example.com", "https://a.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    expect(ClientSecret).toBeTruthy();
    const a = adapter();
    const live = await a.describeClient(pool, ClientId);
    expect(live.hasSecret).toBe(true);
    expect(JSON.stringify(live)).not.toContain(ClientSecret);
    expect(live.config.CallbackURLs).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(live.unknownMembers).toEqual([]);
    emu.patchClient(pool, ClientId, { BrandNewSetting: { Enabled: true } });
    const again = await a.describeClient(pool, ClientId);
    expect(again.unknownMembers).toEqual(["BrandNewSetting"]);
    // Inside a known object too: the SDK drops the member, an update would reset it.
    emu.patchClient(pool, ClientId, {
      BrandNewSetting: undefined,
      RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10, FutureMember: 1 },
      TokenValidityUnits: {
        AccessToken: "hours",
        IdToken: "hours",
        RefreshToken: "days",
        AuthSession: "minutes",
      },
    });
    const nested = await a.describeClient(pool, ClientId);
    expect(nested.unknownMembers).toEqual([
      "RefreshTokenRotation.FutureMember",
      "TokenValidityUnits.AuthSession",
    ]);
  });

  it("retries throttling and reports a non-retryable error by its AWS name", async () => {
    const { ClientId } = emu.createClient(pool, { ClientName: "flaky" });
    let n = 0;
    const flaky = await startStrictEmulator({
      faults: { throttleRate: 0.5 },
      random: () => (n++ % 2 === 0 ? 0 : 0.9),
    });
    const p = flaky.createPool("f");
    const c = flaky.createClient(p, { ClientName: "x" });
    const live = await new AwsCognito({
      region: "us-east-1",
      endpoint: flaky.endpoint,
      clock: new FakeClock(),
    }).describeClient(p, c.ClientId);
    expect(live.clientName).toBe("x");
    expect(flaky.callsOf("DescribeUserPoolClient").map((call) => call.status)).toEqual([429, 200]);
    await flaky.close();
    await expect(adapter().describeClient(pool, "nope")).rejects.toMatchObject({
      code: "ResourceNotFoundException",
    });
    expect(ClientId).toBeTruthy();
  });
});
