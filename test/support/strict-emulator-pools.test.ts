/** The strict emulator's user pools: schema, tier, identity providers, resource servers, and the checks AWS makes with them. */
import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  type ExplicitAuthFlowsType,
  ListIdentityProvidersCommand,
  ListResourceServersCommand,
  paginateListIdentityProviders,
  paginateListResourceServers,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StrictEmulator, startStrictEmulator } from "./strict-emulator.js";

let emulator: StrictEmulator;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  emulator = await startStrictEmulator();
  cognito = new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  cognito.destroy();
  await emulator.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => ({ name: e.name, message: e.message }),
  );

describe("strict emulator: user pools", () => {
  it("CreateUserPool takes a Schema and a UserPoolTier; DescribeUserPool shows custom attributes as custom:NAME", async () => {
    const made = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: "schema",
        UserPoolTier: "LITE",
        Schema: [
          { Name: "department", AttributeDataType: "String" },
          { Name: "email", AttributeDataType: "String", Required: true },
        ],
      }),
    );
    const id = made.UserPool?.Id ?? "";
    const pool = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
    expect(pool?.UserPoolTier).toBe("LITE");
    const names = (pool?.SchemaAttributes ?? []).map((a) => a.Name);
    expect(names).toContain("custom:department");
    expect(names).toContain("email");
    expect(names).toContain("sub");
    expect(names).not.toContain("department");
    expect(names.filter((n) => n === "email")).toHaveLength(1);
    const defaulted = emulator.createPool("default-tier");
    expect(
      (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: defaulted }))).UserPool?.UserPoolTier,
    ).toBe("ESSENTIALS");
  });

  it("creates and lists identity providers and resource servers, over pages", async () => {
    const id = emulator.createPool("resources");
    await cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: id,
        ProviderName: "Google",
        ProviderType: "Google",
        ProviderDetails: { client_id: "x", client_secret: "y", authorize_scopes: "openid" },
      }),
    );
    for (let i = 0; i < 4; i++) emulator.addIdentityProvider(id, `Corp${i}`, "SAML");
    const duplicate = await failure(
      cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: id,
          ProviderName: "Corp0",
          ProviderType: "SAML",
          ProviderDetails: {},
        }),
      ),
    );
    expect(duplicate?.name).toBe("DuplicateProviderException");
    const wrongName = await failure(
      cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: id,
          ProviderName: "Gmail",
          ProviderType: "Google",
          ProviderDetails: {},
        }),
      ),
    );
    expect(wrongName?.name).toBe("InvalidParameterException");

    const names: string[] = [];
    for await (const page of paginateListIdentityProviders(
      { client: cognito, pageSize: 2 },
      { UserPoolId: id },
    )) {
      expect((page.Providers ?? []).length).toBeLessThanOrEqual(2);
      names.push(...(page.Providers ?? []).map((p) => p.ProviderName ?? ""));
    }
    expect(names.sort()).toEqual(["Corp0", "Corp1", "Corp2", "Corp3", "Google"]);

    await cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: id,
        Identifier: "https://api.example.com",
        Name: "api",
        Scopes: [{ ScopeName: "read", ScopeDescription: "read" }],
      }),
    );
    emulator.addResourceServer(id, "billing", ["invoices.read"]);
    emulator.addResourceServer(id, "reports", []);
    const servers: { id: string; scopes: string[] }[] = [];
    for await (const page of paginateListResourceServers(
      { client: cognito, pageSize: 1 },
      { UserPoolId: id },
    )) {
      for (const r of page.ResourceServers ?? [])
        servers.push({ id: r.Identifier ?? "", scopes: (r.Scopes ?? []).map((s) => s.ScopeName ?? "") });
    }
    expect(servers).toEqual([
      { id: "https://api.example.com", scopes: ["read"] },
      { id: "billing", scopes: ["invoices.read"] },
      { id: "reports", scopes: [] },
    ]);
    const tooMany = await failure(
      cognito.send(new ListResourceServersCommand({ UserPoolId: id, MaxResults: 51 })),
    );
    expect(tooMany?.name).toBe("InvalidParameterException");
    const tooManyIdps = await failure(
      cognito.send(new ListIdentityProvidersCommand({ UserPoolId: id, MaxResults: 61 })),
    );
    expect(tooManyIdps?.name).toBe("InvalidParameterException");
  });

  it("checks clients against the pool: a URL-style resource server, custom attributes, a SAML provider", async () => {
    const id = emulator.createPool("fits", "us-east-1", { customAttributes: ["department"] });
    emulator.addIdentityProvider(id, "Corp", "SAML");
    emulator.addResourceServer(id, "https://api.example.com", ["read"]);
    const created = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: id,
        ClientName: "fits",
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "https://api.example.com/read"],
        CallbackURLs: ["https://app.example.com/cb"],
        SupportedIdentityProviders: ["COGNITO", "Corp"],
        ReadAttributes: ["email", "custom:department"],
        WriteAttributes: ["custom:department"],
      }),
    );
    expect(created.UserPoolClient?.SupportedIdentityProviders).toEqual(["COGNITO", "Corp"]);
  });

  it("refuses ALLOW_USER_AUTH on a LITE pool (FeatureUnavailableInTierException), not on ESSENTIALS", async () => {
    const lite = emulator.createPool("lite", "us-east-1", { tier: "LITE" });
    const essentials = emulator.createPool("essentials");
    const flows: ExplicitAuthFlowsType[] = ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    const refused = await failure(
      cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: lite, ClientName: "a", ExplicitAuthFlows: flows }),
      ),
    );
    expect(refused?.name).toBe("FeatureUnavailableInTierException");
    const { ClientId } = emulator.createClient(lite, { ClientName: "b" });
    const update = await failure(
      cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: lite, ClientId, ExplicitAuthFlows: flows })),
    );
    expect(update?.name).toBe("FeatureUnavailableInTierException");
    await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: essentials, ClientName: "c", ExplicitAuthFlows: flows }),
    );
  });

  it("accepts a rotating client without ALLOW_REFRESH_TOKEN_AUTH, and ALLOW_* flows without it", async () => {
    const id = emulator.createPool("rotation");
    const rotating = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: id,
        ClientName: "rotating",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
        RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
      }),
    );
    expect(rotating.UserPoolClient?.ExplicitAuthFlows).toEqual(["ALLOW_USER_SRP_AUTH"]);
  });

  it("accessDenied answers AccessDeniedException for the operations named, as for a role without them", async () => {
    const id = emulator.createPool("denied");
    emulator.faults.accessDenied = new Set(["DescribeUserPool"]);
    try {
      const denied = await failure(cognito.send(new DescribeUserPoolCommand({ UserPoolId: id })));
      expect(denied).toMatchObject({ name: "AccessDeniedException" });
      expect(denied?.message).toContain("cognito-idp:DescribeUserPool");
      await cognito.send(new ListResourceServersCommand({ UserPoolId: id }));
    } finally {
      delete emulator.faults.accessDenied;
    }
    expect(emulator.callsOf("DescribeUserPool").at(-1)?.error).toBe("AccessDeniedException");
  });
});
