/** The rules that need the pool's own settings: each names the field, the value and what the pool has. */
import { describe, expect, it } from "vitest";
import type { PoolContext } from "../../src/model/pool.js";
import type { Settings } from "../../src/model/settings.js";
import { checkPoolRules } from "../../src/plan/pool-rules.js";

const POOL: PoolContext = {
  userPoolId: "us-east-1_POOL",
  attributes: ["email", "email_verified", "name", "sub", "custom:department", "custom:tier"],
  tier: "ESSENTIALS",
  identityProviders: ["Google", "Corp"],
  resourceServers: [
    { identifier: "api.example.com", scopes: ["read", "write"] },
    { identifier: "https://orders.example.com", scopes: ["orders.read"] },
  ],
};
const messages = (s: Settings, pool: PoolContext = POOL) => checkPoolRules(s, pool).map((v) => v.message);

describe("pool rules", () => {
  it("take a client that fits its pool", () => {
    const s: Settings = {
      readAttributes: ["email", "custom:department"],
      writeAttributes: ["name", "custom:tier"],
      supportedIdentityProviders: ["COGNITO", "Google", "Corp"],
      allowedOAuthScopes: ["openid", "api.example.com/read", "https://orders.example.com/orders.read"],
      explicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    };
    expect(checkPoolRules(s, POOL)).toEqual([]);
  });

  it("name an attribute the schema lacks, with a did-you-mean and the pool's attributes of that kind", () => {
    expect(messages({ readAttributes: ["email", "custom:departmnet"] })).toEqual([
      'readAttributes entry "custom:departmnet" is not an attribute of user pool us-east-1_POOL; did you mean "custom:department"? (its custom attributes: custom:department, custom:tier)',
    ]);
    expect(messages({ writeAttributes: ["emial"] })[0]).toMatch(
      /^writeAttributes entry "emial" .*did you mean "email"\? \(its standard attributes: email, email_verified, name, sub\)$/,
    );
    // A custom attribute written without its prefix is not the same attribute to AWS.
    expect(messages({ readAttributes: ["department"] })[0]).toContain('did you mean "custom:department"?');
  });

  it("name an identity provider the pool lacks", () => {
    expect(messages({ supportedIdentityProviders: ["COGNITO", "google"] })).toEqual([
      'supportedIdentityProviders entry "google" is not an identity provider of user pool us-east-1_POOL; did you mean "Google"? (it has: COGNITO, Corp, Google)',
    ]);
    expect(
      messages({ supportedIdentityProviders: ["Facebook"] }, { ...POOL, identityProviders: [] }),
    ).toEqual([
      'supportedIdentityProviders entry "Facebook" is not an identity provider of user pool us-east-1_POOL (it has: COGNITO)',
    ]);
  });

  it("name a missing resource server, or a scope its server lacks", () => {
    expect(messages({ allowedOAuthScopes: ["api.example.com/wirte"] })).toEqual([
      'allowedOAuthScopes entry "api.example.com/wirte": resource server "api.example.com" of user pool us-east-1_POOL has no scope "wirte"; did you mean "write"? (its scopes: read, write)',
    ]);
    expect(messages({ allowedOAuthScopes: ["api.exmple.com/read"] })[0]).toMatch(
      /has no resource server "api\.exmple\.com"; did you mean "api\.example\.com"\? \(its resource servers: api\.example\.com, https:\/\/orders\.example\.com\)$/,
    );
  });

  it("refuse ALLOW_USER_AUTH on a LITE pool only", () => {
    const s: Settings = { explicitAuthFlows: ["ALLOW_USER_AUTH"] };
    expect(messages(s, { ...POOL, tier: "LITE" })[0]).toMatch(/needs the Essentials tier.*LITE tier/);
    expect(messages(s, { ...POOL, tier: "PLUS" })).toEqual([]);
  });

  it("skip what was not read (access denied): no guess either way", () => {
    const s: Settings = {
      readAttributes: ["custom:nope"],
      supportedIdentityProviders: ["Nope"],
      allowedOAuthScopes: ["nope/read"],
      explicitAuthFlows: ["ALLOW_USER_AUTH"],
    };
    expect(checkPoolRules(s, { userPoolId: "us-east-1_POOL" })).toEqual([]);
    expect(
      checkPoolRules(s, POOL)
        .map((v) => v.rule)
        .sort(),
    ).toEqual(["pool-attributes", "pool-identity-providers", "pool-resource-scopes"]);
  });
});
