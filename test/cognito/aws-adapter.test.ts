import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { FakeClock } from "../support/fake-clock.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";
import { READ_ONLY_MEMBERS, UPDATABLE_MEMBERS } from "../support/strict-emulator-validation.js";

let emu: StrictEmulator;
let pool: string;
/** The emulator's time: clients it writes carry it as their LastModifiedDate. */
let now = Date.UTC(2025, 2, 1, 12, 0, 0);

beforeAll(async () => {
  emu = await startStrictEmulator({ now: () => now });
  pool = emu.createPool("adapter");
});

/** A request setting every member UpdateUserPoolClient takes (the emulator's own list says which). */
const EVERY_MEMBER = {
  ClientName: "everything",
  RefreshTokenValidity: 10,
  AccessTokenValidity: 30,
  IdTokenValidity: 2,
  TokenValidityUnits: { AccessToken: "minutes", IdToken: "hours", RefreshToken: "days" },
  ReadAttributes: ["email", "name"],
  WriteAttributes: ["name"],
  ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
  SupportedIdentityProviders: ["COGNITO"],
  CallbackURLs: ["https://app.example.com/cb"],
  LogoutURLs: ["https://app.example.com/bye"],
  DefaultRedirectURI: "https://app.example.com/cb",
  AllowedOAuthFlows: ["code"],
  AllowedOAuthScopes: ["email", "openid"],
  AllowedOAuthFlowsUserPoolClient: true,
  AnalyticsConfiguration: {
    ApplicationId: "abc123",
    RoleArn: "arn:aws:iam::123456789012:role/pinpoint",
    ExternalId: "ext",
    UserDataShared: false,
  },
  PreventUserExistenceErrors: "ENABLED",
  EnableTokenRevocation: true,
  EnablePropagateAdditionalUserContextData: true,
  AuthSessionValidity: 7,
  RefreshTokenRotation: { Feature: "DISABLED", RetryGracePeriodSeconds: 0 },
};

/** What the emulator stores for a client, split the way the adapter must split it. */
function stored(clientId: string) {
  const raw = emu.rawClient(pool, clientId);
  const config = Object.fromEntries(Object.entries(raw).filter(([k]) => !READ_ONLY_MEMBERS.includes(k)));
  return { raw, config, lastModifiedDate: new Date((raw.LastModifiedDate as number) * 1000).toISOString() };
}
afterAll(() => emu.close());

function adapter(): AwsCognito {
  return new AwsCognito({ region: "us-east-1", endpoint: emu.endpoint });
}

describe("the AWS SDK adapter", () => {
  it("lists every client of a pool across pages", async () => {
    const p = emu.createPool("many");
    const created = Array.from({ length: 65 }, (_, i) => ({
      userPoolId: p,
      clientId: emu.createClient(p, { ClientName: `c${i}` }).ClientId,
      clientName: `c${i}`,
    }));
    const list = await adapter().listClients(p);
    expect(list).toEqual(created);
    expect(emu.callsOf("ListUserPoolClients")).toHaveLength(2);
  });

  it("describes a client as stored: every updatable member, whether it has a secret, when it changed", async () => {
    const { ClientId, ClientSecret } = emu.createClient(pool, { ...EVERY_MEMBER, GenerateSecret: true });
    expect(Object.keys(EVERY_MEMBER).sort()).toEqual([...UPDATABLE_MEMBERS].sort());
    const live = await adapter().describeClient(pool, ClientId);
    const { raw, config, lastModifiedDate } = stored(ClientId);
    expect(Object.keys(config).sort()).toEqual([...UPDATABLE_MEMBERS].sort());
    expect(live).toEqual({
      userPoolId: pool,
      clientId: ClientId,
      clientName: "everything",
      config,
      hasSecret: true,
      lastModifiedDate: "2025-03-01T12:00:00.000Z",
      unknownMembers: [],
    });
    expect(lastModifiedDate).toBe(live.lastModifiedDate);
    // The secret was there to be read, and the adapter dropped it.
    expect(raw.ClientSecret).toBe(ClientSecret);
    expect(JSON.stringify(live)).not.toContain(ClientSecret);
  });

  it("describes a plain client with AWS's defaults and no secret", async () => {
    now += 60_000;
    const { ClientId } = emu.createClient(pool, {
      ClientName: "plain",
      CallbackURLs: ["https://b.example.com", "https://a.example.com"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
    });
    const live = await adapter().describeClient(pool, ClientId);
    expect(live).toEqual({
      userPoolId: pool,
      clientId: ClientId,
      clientName: "plain",
      config: stored(ClientId).config,
      hasSecret: false,
      lastModifiedDate: "2025-03-01T12:01:00.000Z",
      unknownMembers: [],
    });
    expect(live.config.CallbackURLs).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(live.config).toMatchObject({ PreventUserExistenceErrors: "LEGACY", AuthSessionValidity: 3 });
  });

  it("finds members the SDK drops in the raw answer, top-level and inside known objects", async () => {
    const { ClientId } = emu.createClient(pool, { ClientName: "newer", GenerateSecret: true });
    const a = adapter();
    emu.patchClient(pool, ClientId, { BrandNewSetting: { Enabled: true } });
    const again = await a.describeClient(pool, ClientId);
    expect(again.unknownMembers).toEqual(["BrandNewSetting"]);
    // The SDK's model does not have it, so only the raw body could tell.
    expect(again.config).not.toHaveProperty("BrandNewSetting");
    const { BrandNewSetting, ...known } = stored(ClientId).config;
    expect(BrandNewSetting).toEqual({ Enabled: true });
    expect(again.config).toEqual(known);
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
    expect(nested.config.RefreshTokenRotation).toEqual({ Feature: "ENABLED", RetryGracePeriodSeconds: 10 });
    expect(nested.hasSecret).toBe(true);
  });

  it("sends every member of an update over the wire and returns the client as stored", async () => {
    const { ClientId, ClientSecret } = emu.createClient(pool, { ClientName: "before", GenerateSecret: true });
    now += 3_600_000;
    emu.resetCalls();
    const result = await adapter().updateClient(pool, ClientId, EVERY_MEMBER);
    const [call] = emu.callsOf("UpdateUserPoolClient");
    // Nothing the SDK's serializer does not model was dropped on the way.
    expect(call?.input).toEqual({ ...EVERY_MEMBER, UserPoolId: pool, ClientId });
    expect(call?.status).toBe(200);
    const { config, lastModifiedDate } = stored(ClientId);
    expect(result).toEqual({
      client: {
        userPoolId: pool,
        clientId: ClientId,
        clientName: "everything",
        config,
        hasSecret: true,
        lastModifiedDate,
        unknownMembers: [],
      },
    });
    expect(lastModifiedDate).toBe("2025-03-01T13:01:00.000Z");
    expect(JSON.stringify(result)).not.toContain(ClientSecret);
  });

  it("retries throttling, then answers as if it had not happened", async () => {
    let n = 0;
    const flaky = await startStrictEmulator({
      faults: { throttleRate: 0.5 },
      random: () => (n++ % 2 === 0 ? 0 : 0.9),
    });
    try {
      const p = flaky.createPool("f");
      const c = flaky.createClient(p, { ClientName: "x" });
      const clock = new FakeClock();
      const live = await new AwsCognito({
        region: "us-east-1",
        endpoint: flaky.endpoint,
        clock,
      }).describeClient(p, c.ClientId);
      expect(live).toMatchObject({ clientId: c.ClientId, clientName: "x", hasSecret: false });
      expect(flaky.callsOf("DescribeUserPoolClient").map((call) => call.status)).toEqual([429, 200]);
      expect(clock.sleeps.length).toBeGreaterThan(0);
    } finally {
      await flaky.close();
    }
  });

  it("reports an error AWS will not change its mind about by its AWS name, after one request", async () => {
    emu.resetCalls();
    await expect(adapter().describeClient(pool, "nope")).rejects.toMatchObject({
      name: "CognitoError",
      code: "ResourceNotFoundException",
      retryable: false,
      attempts: 1,
    });
    const { ClientId } = emu.createClient(pool, { ClientName: "strict" });
    await expect(
      adapter().updateClient(pool, ClientId, {
        ClientName: "strict",
        CallbackURLs: ["http://app.example.com"],
      }),
    ).rejects.toMatchObject({ code: "InvalidParameterException", retryable: false, attempts: 1 });
    expect(emu.calls.map((c) => [c.operation, c.status])).toEqual([
      ["DescribeUserPoolClient", 404],
      ["UpdateUserPoolClient", 400],
    ]);
    expect(emu.rawClient(pool, ClientId)).not.toHaveProperty("CallbackURLs");
  });
});
