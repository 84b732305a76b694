import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientCommandInput,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Fault, type StrictEmulator, startStrictEmulator } from "./strict-emulator.js";

type Input = Record<string, unknown>;
const T0 = 1_700_000_000_000;

function sdk(emulator: StrictEmulator, options: { maxAttempts?: number; region?: string } = {}) {
  return new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: options.region ?? "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
}

/** One request sent by hand, to see the wire format (and members the SDK would drop). */
async function raw(emulator: StrictEmulator, operation: string, body: Input) {
  const response = await fetch(emulator.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Input };
}

async function withEmulator(
  options: { faults?: Fault; random?: () => number; now?: () => number },
  run: (emulator: StrictEmulator, client: CognitoIdentityProviderClient) => Promise<void>,
): Promise<void> {
  const emulator = await startStrictEmulator(options);
  const client = sdk(emulator, { maxAttempts: 1 });
  try {
    await run(emulator, client);
  } finally {
    client.destroy();
    await emulator.close();
  }
}

describe("strict emulator: AWS semantics through the AWS SDK", () => {
  let clock = T0;
  let emulator: StrictEmulator;
  let cognito: CognitoIdentityProviderClient;
  let poolId: string;

  beforeAll(async () => {
    emulator = await startStrictEmulator({ now: () => clock });
    cognito = sdk(emulator);
    poolId = emulator.createPool("main");
    emulator.addIdentityProvider(poolId, "Google");
    emulator.addResourceServer(poolId, "api", [
      "read",
      "write",
      ...Array.from({ length: 51 }, (_, i) => `s${i}`),
    ]);
  });
  afterAll(async () => {
    cognito.destroy();
    await emulator.close();
  });

  const describeClient = async (clientId: string): Promise<UserPoolClientType> =>
    (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })))
      .UserPoolClient ?? {};

  it("creates a pool with an AWS-shaped ID and ARN, in the signing region", async () => {
    const out = await cognito.send(new CreateUserPoolCommand({ PoolName: "made-over-http" }));
    expect(out.UserPool?.Id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(out.UserPool?.Name).toBe("made-over-http");
    expect(out.UserPool?.Arn).toBe(`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${out.UserPool?.Id}`);
    const eu = sdk(emulator, { region: "eu-west-1" });
    const euPool = await eu.send(new CreateUserPoolCommand({ PoolName: "eu" }));
    eu.destroy();
    expect(euPool.UserPool?.Id).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
  });

  it("creates and describes a client, with a secret, ClientType and epoch-second dates", async () => {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "svc", GenerateSecret: true }),
    );
    const clientId = created.UserPoolClient?.ClientId ?? "";
    expect(clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(created.UserPoolClient?.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const described = await describeClient(clientId);
    expect(described).toMatchObject({
      UserPoolId: poolId,
      ClientId: clientId,
      ClientName: "svc",
      ClientSecret: created.UserPoolClient?.ClientSecret,
      ClientType: "REGULAR",
      AllowedOAuthFlowsUserPoolClient: false,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: "LEGACY",
      AuthSessionValidity: 3,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
    });
    expect(described.CreationDate).toEqual(new Date(T0));
    expect(described.LastModifiedDate).toEqual(new Date(T0));
    const plain = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "spa" }),
    );
    expect((await describeClient(plain.UserPoolClient?.ClientId ?? "")).ClientSecret).toBeUndefined();
    const wire = await raw(emulator, "DescribeUserPoolClient", { UserPoolId: poolId, ClientId: clientId });
    expect((wire.body.UserPoolClient as Input).CreationDate).toBe(T0 / 1000);
  });

  it("lists 130 clients over pages of at most 60 (default) or MaxResults", async () => {
    const pool = emulator.createPool("big");
    const ids = Array.from(
      { length: 130 },
      (_, i) => emulator.createClient(pool, { ClientName: `app-${i}` }).ClientId,
    );
    const listAll = async (maxResults?: number) => {
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const out = await cognito.send(
          new ListUserPoolClientsCommand({
            UserPoolId: pool,
            ...(maxResults === undefined ? {} : { MaxResults: maxResults }),
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        );
        for (const entry of out.UserPoolClients ?? []) expect(entry.UserPoolId).toBe(pool);
        pages.push((out.UserPoolClients ?? []).map((entry) => entry.ClientId ?? ""));
        token = out.NextToken;
      } while (token !== undefined);
      return pages;
    };
    const pages = await listAll();
    expect(pages.map((page) => page.length)).toEqual([60, 60, 10]);
    expect(pages.flat()).toEqual(ids);
    const small = await listAll(25);
    expect(small).toHaveLength(6);
    expect(small.flat()).toEqual(ids);
    const first = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: 1 }));
    expect(first.UserPoolClients).toEqual([{ ClientId: ids[0], ClientName: "app-0", UserPoolId: pool }]);
    for (const bad of [0, 61]) {
      await expect(
        cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool, MaxResults: bad })),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    await expect(
      cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool, NextToken: "garbage" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("UpdateUserPoolClient replaces: omitted members go back to their defaults", async () => {
    const full: CreateUserPoolClientCommandInput = {
      UserPoolId: poolId,
      ClientName: "web",
      GenerateSecret: true,
      AccessTokenValidity: 30,
      IdTokenValidity: 30,
      RefreshTokenValidity: 7,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      ReadAttributes: ["email", "name"],
      WriteAttributes: ["name"],
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      SupportedIdentityProviders: ["COGNITO"],
      CallbackURLs: ["https://app.example.com/cb", "http://localhost:3000/cb"],
      LogoutURLs: ["https://app.example.com/bye"],
      DefaultRedirectURI: "https://app.example.com/cb",
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      AllowedOAuthFlowsUserPoolClient: true,
      AnalyticsConfiguration: { ApplicationArn: "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc" },
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: false,
      EnablePropagateAdditionalUserContextData: true,
      AuthSessionValidity: 10,
      RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
    };
    const created = await cognito.send(new CreateUserPoolClientCommand(full));
    const clientId = created.UserPoolClient?.ClientId ?? "";
    const before = await describeClient(clientId);
    expect(before).toMatchObject({
      AccessTokenValidity: 30,
      AllowedOAuthFlowsUserPoolClient: true,
      AuthSessionValidity: 10,
    });

    clock += 60_000;
    await cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ClientName: "web-renamed" }),
    );
    const after = await describeClient(clientId);
    expect(after).toEqual({
      UserPoolId: poolId,
      ClientId: clientId,
      ClientSecret: created.UserPoolClient?.ClientSecret,
      ClientType: "REGULAR",
      CreationDate: before.CreationDate,
      LastModifiedDate: new Date(clock),
      ClientName: "web-renamed",
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: "LEGACY",
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });

    await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect((await describeClient(clientId)).ClientName).toBe("web-renamed");
  });

  it("returns set-like members sorted and without duplicates", async () => {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "sets",
        CallbackURLs: ["https://z.example.com/cb", "https://a.example.com/cb", "https://z.example.com/cb"],
        LogoutURLs: ["https://z.example.com/", "https://b.example.com/"],
        AllowedOAuthFlows: ["implicit", "code"],
        AllowedOAuthScopes: ["profile", "openid", "email"],
        AllowedOAuthFlowsUserPoolClient: true,
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"],
        SupportedIdentityProviders: ["Google", "COGNITO"],
        ReadAttributes: ["name", "email", "address"],
        WriteAttributes: ["name", "email"],
      }),
    );
    expect(await describeClient(created.UserPoolClient?.ClientId ?? "")).toMatchObject({
      CallbackURLs: ["https://a.example.com/cb", "https://z.example.com/cb"],
      LogoutURLs: ["https://b.example.com/", "https://z.example.com/"],
      AllowedOAuthFlows: ["code", "implicit"],
      AllowedOAuthScopes: ["email", "openid", "profile"],
      ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
      SupportedIdentityProviders: ["COGNITO", "Google"],
      ReadAttributes: ["address", "email", "name"],
      WriteAttributes: ["email", "name"],
    });
  });

  it("accepts the boundaries of every range", async () => {
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "Edge client_1 +=,.@-",
        AccessTokenValidity: 5,
        IdTokenValidity: 1,
        RefreshTokenValidity: 3650,
        TokenValidityUnits: { AccessToken: "minutes", IdToken: "days", RefreshToken: "days" },
        AuthSessionValidity: 15,
      }),
    );
    const clientId = created.UserPoolClient?.ClientId ?? "";
    await cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AccessTokenValidity: 86_400,
        IdTokenValidity: 300,
        RefreshTokenValidity: 60,
        TokenValidityUnits: { AccessToken: "seconds", IdToken: "seconds", RefreshToken: "minutes" },
      }),
    );
    expect(await describeClient(clientId)).toMatchObject({
      AccessTokenValidity: 86_400,
      RefreshTokenValidity: 60,
    });
  });

  const oauth = {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
  };
  const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example.com/${i}`);
  const invalidCases: [string, Input, RegExp, string?][] = [
    ["access token over 1 day (bare value is hours)", { AccessTokenValidity: 25 }, /token validity/],
    [
      "access token under 5 minutes",
      { AccessTokenValidity: 4, TokenValidityUnits: { AccessToken: "minutes" } },
      /5 minutes/,
    ],
    [
      "ID token over 1 day",
      { IdTokenValidity: 2, TokenValidityUnits: { IdToken: "days" } },
      /IdTokenValidity/,
    ],
    [
      "units changed without rescaling",
      { AccessTokenValidity: 60, TokenValidityUnits: { AccessToken: "hours" } },
      /range/,
    ],
    [
      "refresh token under 60 minutes",
      { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: "minutes" } },
      /60 minutes/,
    ],
    ["refresh token over 10 years", { RefreshTokenValidity: 3651 }, /10 years/],
    ["AuthSessionValidity under 3", { AuthSessionValidity: 2 }, /AuthSessionValidity/],
    ["AuthSessionValidity over 15", { AuthSessionValidity: 16 }, /AuthSessionValidity/],
    [
      "DefaultRedirectURI not among CallbackURLs",
      {
        ...oauth,
        CallbackURLs: ["https://a.example.com/cb"],
        DefaultRedirectURI: "https://b.example.com/cb",
      },
      /DefaultRedirectURI/,
    ],
    [
      "legacy auth flows mixed with ALLOW_*",
      { ExplicitAuthFlows: ["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
      /mix/,
    ],
    [
      "client_credentials on a client without a secret",
      { ...oauth, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["api/read"] },
      /client secret/,
      "InvalidOAuthFlowException",
    ],
    [
      "client_credentials with a user scope",
      { ...oauth, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["api/read", "openid"] },
      /user scopes/,
      "InvalidOAuthFlowException",
    ],
    [
      "AllowedOAuthFlowsUserPoolClient without flows",
      { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ["openid"] },
      /are required/,
      "InvalidOAuthFlowException",
    ],
    [
      "AllowedOAuthFlowsUserPoolClient without scopes",
      { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"] },
      /are required/,
      "InvalidOAuthFlowException",
    ],
    [
      "four OAuth flows as sent, though two are different",
      { ...oauth, AllowedOAuthFlows: ["code", "code", "implicit", "implicit"] },
      /at most 3/,
    ],
    [
      "a scope that is not server/name",
      { ...oauth, AllowedOAuthScopes: ["api:read"] },
      /Invalid scope/,
      "ScopeDoesNotExistException",
    ],
    [
      "a scope of no resource server",
      { ...oauth, AllowedOAuthScopes: ["other/read"] },
      /Invalid scope/,
      "ScopeDoesNotExistException",
    ],
    [
      "a scope its resource server lacks",
      { ...oauth, AllowedOAuthScopes: ["api/delete"] },
      /Invalid scope/,
      "ScopeDoesNotExistException",
    ],
    ["a read attribute the pool lacks", { ReadAttributes: ["email", "custom:team"] }, /read attributes/],
    ["a write attribute the pool lacks", { WriteAttributes: ["emial"] }, /write attributes/],
    [
      "an identity provider the pool lacks",
      { SupportedIdentityProviders: ["COGNITO", "Facebook"] },
      /Facebook does not exist/,
    ],
    ["a callback URL with a *", { ...oauth, CallbackURLs: ["https://*.example.com/cb"] }, /wildcard/],
    ["an https URL without //", { ...oauth, CallbackURLs: ["https:app.example.com/cb"] }, /absolute/],
    ["http on a hex loopback address", { ...oauth, CallbackURLs: ["http://0x7f.1/cb"] }, /HTTPS/],
    ["a ClientName with a no-break space", { ClientName: "web\u00a0app" }, /ClientName/],
    [
      "client_credentials with another OAuth flow",
      { ...oauth, AllowedOAuthFlows: ["client_credentials", "code"], AllowedOAuthScopes: ["api/read"] },
      /client_credentials/,
    ],
    [
      "OAuth flows without AllowedOAuthFlowsUserPoolClient",
      { AllowedOAuthFlows: ["code"] },
      /AllowedOAuthFlowsUserPoolClient/,
    ],
    [
      "OAuth scopes without AllowedOAuthFlowsUserPoolClient",
      { AllowedOAuthScopes: ["openid"] },
      /AllowedOAuthFlowsUserPoolClient/,
    ],
    ["101 callback URLs", { ...oauth, CallbackURLs: urls(101) }, /at most 100/],
    ["101 logout URLs", { ...oauth, LogoutURLs: urls(101) }, /at most 100/],
    [
      "51 scopes",
      { ...oauth, AllowedOAuthScopes: Array.from({ length: 51 }, (_, i) => `api/s${i}`) },
      /at most 50/,
    ],
    [
      "an http callback URL off localhost",
      { ...oauth, CallbackURLs: ["http://app.example.com/cb"] },
      /HTTPS/,
    ],
    [
      "a callback URL with a fragment",
      { ...oauth, CallbackURLs: ["https://app.example.com/cb#x"] },
      /fragment/,
    ],
    ["an empty ClientName", { ClientName: "" }, /ClientName/],
    ["a ClientName with a forbidden character", { ClientName: "bad!name" }, /ClientName/],
    ["a ClientName over 128 characters", { ClientName: "x".repeat(129) }, /ClientName/],
    [
      "an unknown token unit",
      { TokenValidityUnits: { AccessToken: "weeks" } },
      /seconds, minutes, hours, days/,
    ],
  ];

  describe.each(["CreateUserPoolClient", "UpdateUserPoolClient"])("%s rejects what AWS rejects", (op) => {
    let clientId = "";
    beforeAll(() => {
      clientId = emulator.createClient(poolId, { ClientName: "target" }).ClientId;
    });
    it.each(invalidCases)("%s", async (_label, members, message, name = "InvalidParameterException") => {
      const command =
        op === "CreateUserPoolClient"
          ? new CreateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientName: "new",
              ...members,
            } as unknown as CreateUserPoolClientCommandInput)
          : new UpdateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientId: clientId,
              ...members,
            } as unknown as UpdateUserPoolClientCommandInput);
      const error = await cognito.send(command as never).then(
        () => undefined,
        (e: unknown) => e as Error & { $metadata: { httpStatusCode?: number } },
      );
      expect(error?.name).toBe(name);
      expect(error?.message).toMatch(message);
      expect(error?.$metadata.httpStatusCode).toBe(400);
    });
  });

  it("rejects unknown request members (which the SDK itself would never send)", async () => {
    const clientId = emulator.createClient(poolId, { ClientName: "unknown-members" }).ClientId;
    const out = await raw(emulator, "UpdateUserPoolClient", {
      UserPoolId: poolId,
      ClientId: clientId,
      ClientSecret: "cannot-be-set-on-update",
    });
    expect(out.status).toBe(400);
    expect(out.headers.get("x-amzn-errortype")).toBe("InvalidParameterException");
    expect(out.body).toEqual({
      __type: "InvalidParameterException",
      message: "UpdateUserPoolClient: unknown member 'ClientSecret' in the request.",
    });
  });

  it("answers ResourceNotFoundException (404) for an unknown pool or client", async () => {
    const missingPool = "us-east-1_NoSuchPoo";
    for (const command of [
      new DescribeUserPoolClientCommand({ UserPoolId: missingPool, ClientId: "abc" }),
      new ListUserPoolClientsCommand({ UserPoolId: missingPool }),
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: "nosuchclient" }),
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: "nosuchclient", ClientName: "x" }),
    ]) {
      await expect(cognito.send(command as never)).rejects.toMatchObject({
        name: "ResourceNotFoundException",
        $metadata: { httpStatusCode: 404 },
      });
    }
  });

  it("patchClient adds members the SDK cannot see; an update resets them like AWS would", async () => {
    const clientId = emulator.createClient(poolId, { ClientName: "console-edited" }).ClientId;
    emulator.patchClient(poolId, clientId, { FutureSetting: { Enabled: true }, AuthSessionValidity: 7 });
    expect(emulator.rawClient(poolId, clientId)).toMatchObject({ FutureSetting: { Enabled: true } });
    const wire = await raw(emulator, "DescribeUserPoolClient", { UserPoolId: poolId, ClientId: clientId });
    expect(wire.body.UserPoolClient).toMatchObject({
      FutureSetting: { Enabled: true },
      AuthSessionValidity: 7,
    });
    expect(await describeClient(clientId)).not.toHaveProperty("FutureSetting");
    await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    const after = emulator.rawClient(poolId, clientId);
    expect(after).not.toHaveProperty("FutureSetting");
    expect(after.AuthSessionValidity).toBe(3);
  });

  it("seeds directly: createClient validates like the API, honours GenerateSecret, rawClient is a copy", () => {
    const seeded = emulator.createClient(poolId, { ClientName: "seeded", GenerateSecret: true });
    expect(seeded.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const copy = emulator.rawClient(poolId, seeded.ClientId);
    copy.ClientName = "mutated";
    expect(emulator.rawClient(poolId, seeded.ClientId).ClientName).toBe("seeded");
    expect(() => emulator.createClient(poolId, { ClientName: "x", AuthSessionValidity: 99 })).toThrow(
      expect.objectContaining({ name: "InvalidParameterException" }),
    );
    expect(() => emulator.createClient("us-east-1_missing00", { ClientName: "x" })).toThrow(
      expect.objectContaining({ name: "ResourceNotFoundException" }),
    );
  });

  it("records every call in order, with status and error", async () => {
    emulator.resetCalls();
    const clientId = emulator.createClient(poolId, { ClientName: "recorded" }).ClientId;
    await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await expect(
      cognito.send(
        new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, AuthSessionValidity: 1 }),
      ),
    ).rejects.toThrow();
    expect(emulator.calls.map(({ operation, status, error }) => ({ operation, status, error }))).toEqual([
      { operation: "DescribeUserPoolClient", status: 200, error: undefined },
      { operation: "UpdateUserPoolClient", status: 400, error: "InvalidParameterException" },
    ]);
    expect(emulator.callsOf("UpdateUserPoolClient")[0]?.input).toEqual({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthSessionValidity: 1,
    });
    expect(emulator.calls[0]?.at).toBe(clock);
  });
});

describe("strict emulator: faults", () => {
  it("throttleRate 1 answers TooManyRequestsException (429), and records it", async () => {
    await withEmulator({ faults: { throttleRate: 1 } }, async (emulator, cognito) => {
      const pool = emulator.createPool("p");
      await expect(cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool }))).rejects.toMatchObject({
        name: "TooManyRequestsException",
        $metadata: { httpStatusCode: 429 },
      });
      expect(emulator.calls).toMatchObject([
        { operation: "ListUserPoolClients", status: 429, error: "TooManyRequestsException" },
      ]);
      emulator.faults.throttleRate = 0;
      await expect(cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool }))).resolves.toBeDefined();
    });
  });

  it("internalErrorRate 1 answers InternalErrorException (500, server fault)", async () => {
    await withEmulator({ faults: { internalErrorRate: 1 } }, async (emulator, cognito) => {
      const pool = emulator.createPool("p");
      const clientId = emulator.createClient(pool, { ClientName: "c" }).ClientId;
      await expect(
        cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId })),
      ).rejects.toMatchObject({
        name: "InternalErrorException",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
      });
    });
  });

  it("draws fault decisions from the injected random source", async () => {
    const draws = [0.1, 0.9, 0.4, 0.6];
    await withEmulator(
      { faults: { throttleRate: 0.5 }, random: () => draws.shift() ?? 1 },
      async (emulator, cognito) => {
        const pool = emulator.createPool("p");
        const outcomes: string[] = [];
        for (let i = 0; i < 4; i++) {
          outcomes.push(
            await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool })).then(
              () => "ok",
              (e: Error) => e.name,
            ),
          );
        }
        expect(outcomes).toEqual(["TooManyRequestsException", "ok", "TooManyRequestsException", "ok"]);
      },
    );
  });

  it("concurrentModification fails a client's next N updates, then lets them through", async () => {
    await withEmulator({}, async (emulator, cognito) => {
      const pool = emulator.createPool("p");
      const target = emulator.createClient(pool, { ClientName: "target" }).ClientId;
      const other = emulator.createClient(pool, { ClientName: "other" }).ClientId;
      emulator.faults.concurrentModification = new Map([[target, 2]]);
      const update = (clientId: string) =>
        cognito.send(
          new UpdateUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId, ClientName: "renamed" }),
        );
      await expect(update(other)).resolves.toBeDefined();
      for (let i = 0; i < 2; i++) {
        await expect(update(target)).rejects.toMatchObject({
          name: "ConcurrentModificationException",
          $metadata: { httpStatusCode: 400 },
        });
        expect(emulator.rawClient(pool, target).ClientName).toBe("target");
      }
      await expect(update(target)).resolves.toBeDefined();
      expect(emulator.rawClient(pool, target).ClientName).toBe("renamed");
      expect(emulator.callsOf("UpdateUserPoolClient").map((call) => call.status)).toEqual([
        200, 400, 400, 200,
      ]);
    });
  });

  it("poolOperationRate throttles one operation on one pool beyond its token bucket", async () => {
    let clock = T0;
    await withEmulator({ faults: { poolOperationRate: 5 }, now: () => clock }, async (emulator, cognito) => {
      const pool = emulator.createPool("p");
      const otherPool = emulator.createPool("q");
      const clientId = emulator.createClient(pool, { ClientName: "c" }).ClientId;
      const otherId = emulator.createClient(otherPool, { ClientName: "c" }).ClientId;
      const describeIn = (poolId: string, id: string) =>
        cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id })).then(
          () => "ok",
          (e: Error) => e.name,
        );
      const burst = [];
      for (let i = 0; i < 7; i++) burst.push(await describeIn(pool, clientId));
      expect(burst).toEqual([...Array(5).fill("ok"), "TooManyRequestsException", "TooManyRequestsException"]);
      // Another operation on the same pool, and the same operation on another pool, have their own buckets.
      await expect(cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool }))).resolves.toBeDefined();
      expect(await describeIn(otherPool, otherId)).toBe("ok");
      clock += 200; // refills one token at 5/s
      expect([await describeIn(pool, clientId), await describeIn(pool, clientId)]).toEqual([
        "ok",
        "TooManyRequestsException",
      ]);
      clock += 10_000; // refills up to the burst size only
      const later = [];
      for (let i = 0; i < 6; i++) later.push(await describeIn(pool, clientId));
      expect(later.filter((outcome) => outcome === "ok")).toHaveLength(5);
    });
  });

  it("accountReadRate and accountWriteRate limit each category across pools", async () => {
    let clock = T0;
    await withEmulator(
      { faults: { accountReadRate: 3, accountWriteRate: 2 }, now: () => clock },
      async (emulator, cognito) => {
        const pools = [emulator.createPool("a"), emulator.createPool("b")];
        const attempt = (promise: Promise<unknown>) =>
          promise.then(
            () => "ok",
            (e: Error) => e.name,
          );
        const reads = [];
        for (const poolId of [...pools, ...pools]) {
          reads.push(await attempt(cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }))));
        }
        expect(reads).toEqual(["ok", "ok", "ok", "TooManyRequestsException"]);
        const writes = [];
        for (const poolId of [...pools, ...pools]) {
          writes.push(
            await attempt(
              cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "w" })),
            ),
          );
        }
        expect(writes).toEqual(["ok", "ok", "TooManyRequestsException", "TooManyRequestsException"]);
        clock += 1000;
        expect(
          await attempt(cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pools[0] ?? "" }))),
        ).toBe("ok");
      },
    );
  });

  it("latencyMs delays every answer", async () => {
    await withEmulator({ faults: { latencyMs: 60 } }, async (emulator, cognito) => {
      const pool = emulator.createPool("p");
      const started = performance.now();
      await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool }));
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    });
  });
});
