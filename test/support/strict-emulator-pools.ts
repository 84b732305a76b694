// The user pool side of the strict emulator: a pool's schema, tier, identity providers and
// resource servers, the operations that create and read them, and the checks AWS makes on an app
// client against them. Written from the AWS API reference, not copied.
import {
  EmulatorError,
  invalid,
  type Json,
  optInt,
  optString,
  requireString,
} from "./strict-emulator-validation.js";

export type Tier = "LITE" | "ESSENTIALS" | "PLUS";
export type Provider = { ProviderName: string; ProviderType: string; CreationDate: number };
export type ResourceServer = { Identifier: string; Name: string; Scopes: { ScopeName: string }[] };

/** What a pool holds besides its clients. */
export type PoolResources = {
  schema: string[];
  tier: Tier;
  providers: Map<string, Provider>;
  resourceServers: Map<string, ResourceServer>;
};
export type PoolRecord = PoolResources & { Id: string; Name: string; Arn: string; CreationDate: number };

/** The request members of the pool operations. */
export const POOL_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  DescribeUserPool: ["UserPoolId"],
  ListIdentityProviders: ["UserPoolId", "MaxResults", "NextToken"],
  ListResourceServers: ["UserPoolId", "MaxResults", "NextToken"],
  CreateIdentityProvider: [
    "UserPoolId",
    "ProviderName",
    "ProviderType",
    "ProviderDetails",
    "AttributeMapping",
    "IdpIdentifiers",
  ],
  CreateResourceServer: ["UserPoolId", "Identifier", "Name", "Scopes"],
};

/** Every user pool has these attributes; custom ones are added as `custom:NAME`. */
export const STANDARD_ATTRIBUTES: readonly string[] = [
  "address",
  "birthdate",
  "email",
  "email_verified",
  "family_name",
  "gender",
  "given_name",
  "identities",
  "locale",
  "middle_name",
  "name",
  "nickname",
  "phone_number",
  "phone_number_verified",
  "picture",
  "preferred_username",
  "profile",
  "sub",
  "updated_at",
  "website",
  "zoneinfo",
];
const STANDARD_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];
const TIERS: readonly string[] = ["LITE", "ESSENTIALS", "PLUS"];
const SOCIAL = ["Facebook", "Google", "LoginWithAmazon", "SignInWithApple"];

/** The pool's own resources from a CreateUserPool request (Schema, UserPoolTier). */
export function poolResources(input: Json): PoolResources {
  const tier = optString(input, "UserPoolTier") ?? "ESSENTIALS";
  if (!TIERS.includes(tier)) throw invalid(`UserPoolTier '${tier}' must be one of ${TIERS.join(", ")}.`);
  const schema = [...STANDARD_ATTRIBUTES];
  const requested = input.Schema;
  if (requested !== undefined && !Array.isArray(requested)) throw invalid("Schema must be a list.");
  for (const attribute of (requested ?? []) as Json[]) {
    const name = requireString(attribute, "Name");
    if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u.test(name))
      throw invalid(`Schema attribute name '${name}' is not valid.`);
    if (!STANDARD_ATTRIBUTES.includes(name)) schema.push(`custom:${name}`);
  }
  return { schema, tier: tier as Tier, providers: new Map(), resourceServers: new Map() };
}

export function createProvider(pool: PoolResources, input: Json, at: number): Provider {
  const name = requireString(input, "ProviderName");
  const type = requireString(input, "ProviderType");
  if (!["SAML", "OIDC", ...SOCIAL].includes(type)) throw invalid(`ProviderType '${type}' is not valid.`);
  if (SOCIAL.includes(type) && name !== type) throw invalid(`A ${type} provider must be named ${type}.`);
  if (name === "COGNITO" || name.length < 1 || name.length > 32)
    throw invalid(`ProviderName '${name}' is not valid.`);
  if (pool.providers.has(name)) {
    throw new EmulatorError("DuplicateProviderException", `A provider with the name ${name} already exists.`);
  }
  const provider = { ProviderName: name, ProviderType: type, CreationDate: at };
  pool.providers.set(name, provider);
  return provider;
}

export function createResourceServer(pool: PoolResources, input: Json): ResourceServer {
  const identifier = requireString(input, "Identifier");
  const scopes = ((input.Scopes ?? []) as Json[]).map((s) => ({ ScopeName: requireString(s, "ScopeName") }));
  for (const { ScopeName } of scopes) {
    if (!/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/.test(ScopeName))
      throw invalid(`ScopeName '${ScopeName}' is not valid.`);
  }
  if (!/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(identifier))
    throw invalid(`Identifier '${identifier}' is not valid.`);
  if (pool.resourceServers.has(identifier)) throw invalid(`Resource server ${identifier} already exists.`);
  const server = { Identifier: identifier, Name: requireString(input, "Name"), Scopes: scopes };
  pool.resourceServers.set(identifier, server);
  return server;
}

/** One page of a list, with an opaque token naming the pool and the offset. */
export function page<T>(items: readonly T[], input: Json, poolId: string, maxAllowed: number) {
  const max = optInt(input, "MaxResults") ?? maxAllowed;
  if (max < 1 || max > maxAllowed) throw invalid(`MaxResults ${max} must be between 1 and ${maxAllowed}.`);
  const token = optString(input, "NextToken");
  let start = 0;
  if (token !== undefined) {
    const decoded = /^(.+):(\d+)$/.exec(Buffer.from(token, "base64url").toString());
    if (!decoded || decoded[1] !== poolId) throw invalid("NextToken is not valid for this request.");
    start = Number(decoded[2]);
  }
  const next =
    start + max < items.length ? Buffer.from(`${poolId}:${start + max}`).toString("base64url") : undefined;
  return { items: items.slice(start, start + max), next };
}

/**
 * What AWS checks of a client's settings against its pool: attributes in the schema, identity
 * providers configured, scopes defined (standard or on a resource server), ALLOW_USER_AUTH not
 * on the LITE tier.
 */
export function checkAgainstPool(pool: PoolResources, poolId: string, settings: Json): void {
  for (const member of ["ReadAttributes", "WriteAttributes"]) {
    const bad = ((settings[member] as string[] | undefined) ?? []).filter((a) => !pool.schema.includes(a));
    if (bad.length > 0) {
      const kind = member === "ReadAttributes" ? "read" : "write";
      throw invalid(`Invalid ${kind} attributes specified while updating a client: ${bad.join(", ")}`);
    }
  }
  for (const provider of (settings.SupportedIdentityProviders as string[] | undefined) ?? []) {
    if (provider !== "COGNITO" && !pool.providers.has(provider)) {
      throw invalid(`The provider ${provider} does not exist for User Pool ${poolId}`);
    }
  }
  for (const scope of (settings.AllowedOAuthScopes as string[] | undefined) ?? []) {
    if (STANDARD_SCOPES.includes(scope)) continue;
    const slash = scope.lastIndexOf("/");
    const server = pool.resourceServers.get(scope.slice(0, slash));
    if (slash <= 0 || !server?.Scopes.some((s) => s.ScopeName === scope.slice(slash + 1))) {
      throw new EmulatorError("ScopeDoesNotExistException", `Invalid scope requested: ${scope}`);
    }
  }
  const flows = (settings.ExplicitAuthFlows as string[] | undefined) ?? [];
  if (pool.tier === "LITE" && flows.includes("ALLOW_USER_AUTH")) {
    throw new EmulatorError(
      "FeatureUnavailableInTierException",
      "ALLOW_USER_AUTH is not available in the LITE tier of this user pool.",
    );
  }
}

/** DescribeUserPool's `UserPool`, as far as app clients depend on it. */
export function describePool(pool: PoolRecord): Json {
  return {
    Id: pool.Id,
    Name: pool.Name,
    Arn: pool.Arn,
    CreationDate: pool.CreationDate,
    LastModifiedDate: pool.CreationDate,
    UserPoolTier: pool.tier,
    SchemaAttributes: pool.schema.map((Name) => ({ Name, AttributeDataType: "String" })),
  };
}

/** DescribeUserPool, ListIdentityProviders, ListResourceServers, CreateIdentityProvider, CreateResourceServer. */
export function poolOperation(operation: string, input: Json, pool: PoolRecord, at: number): Json {
  switch (operation) {
    case "DescribeUserPool":
      return { UserPool: describePool(pool) };
    case "ListIdentityProviders": {
      const { items, next } = page([...pool.providers.values()], input, pool.Id, 60);
      return { Providers: items, ...(next ? { NextToken: next } : {}) };
    }
    case "ListResourceServers": {
      const servers = [...pool.resourceServers.values()].map((r) => ({ ...r, UserPoolId: pool.Id }));
      const { items, next } = page(servers, input, pool.Id, 50);
      return { ResourceServers: items, ...(next ? { NextToken: next } : {}) };
    }
    case "CreateIdentityProvider":
      return { IdentityProvider: { ...createProvider(pool, input, at), UserPoolId: pool.Id } };
    default:
      return { ResourceServer: { ...createResourceServer(pool, input), UserPoolId: pool.Id } };
  }
}
