/** AWS's rules on a client's settings, row by row: what each refuses or warns about, and what it lets through. */
import { describe, expect, it } from "vitest";
import { checkMergedRules, checkSpecRules, RULES, urlProblem } from "../../src/model/rules.js";
import type { Settings } from "../../src/model/settings.js";

const rules = (s: Settings, hasSecret = true) =>
  checkMergedRules(s, { hasSecret }).map((v) => `${v.severity} ${v.rule} ${v.pointer}`);

describe("redirect URLs, read as written", () => {
  it.each([
    "https://app.example.com/callback",
    "https://app.example.com:8443/cb?x=1",
    "http://localhost:3000/callback",
    "http://127.0.0.1:8080/cb",
    "http://[::1]/cb",
    "HTTPS://app.example.com/cb",
    "myapp://callback",
    "com.example.app:/oauth2redirect",
  ])("lets %s through", (url) => {
    expect(urlProblem(url)).toBeUndefined();
  });

  it.each([
    ["https://*.example.com/cb", /contains \*/],
    ["https://app.example.com/*", /contains \*/],
    ["https:app.example.com/cb", /no "\/\/" after "https:"/],
    ["https:/app.example.com/cb", /no "\/\/"/],
    ["http://0x7f.1/cb", /uses http/], // a URL parser makes this 127.0.0.1
    ["http://2130706433/cb", /uses http/],
    ["http://LOCALHOST/cb", /uses http/],
    ["http://localhost.example.com/cb", /uses http/],
    ["http://user@evil.example.com/cb", /uses http/],
    ["HTTP://app.example.com/cb", /uses http/], // not an app scheme
    ["https:///cb", /no host/],
    ["https://app.example.com/cb#frag", /fragment/],
    ["https://app.example.com/sign in", /spaces/],
    ["https://app.example.com/\u0007", /control characters/],
    ["/callback", /not an absolute URL/],
    ["myapp:", /not an absolute URL/],
    ["javascript:alert(1)", /javascript: scheme/],
    [`https://a.example.com/${"x".repeat(1024)}`, /1-1024/],
  ])("refuses %s", (url, why) => {
    expect(urlProblem(url)).toMatch(why);
  });
});

describe("OAuth rules", () => {
  const oauth: Settings = {
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthFlows: ["code"],
    allowedOAuthScopes: ["openid", "api.example.com/read", "https://api.example.com/orders.write"],
  };

  it("take a well-formed client, with standard and resource-server scopes", () => {
    expect(rules(oauth)).toEqual([]);
  });

  it("refuse client_credentials without a secret (known only from the live client)", () => {
    const s: Settings = {
      ...oauth,
      allowedOAuthFlows: ["client_credentials"],
      allowedOAuthScopes: ["api/read"],
    };
    expect(rules(s, false)).toEqual(["error client-credentials-needs-secret /allowedOAuthFlows"]);
    expect(rules(s, true)).toEqual([]);
    expect(checkSpecRules(s)).toEqual([]); // offline it cannot know
  });

  it("refuse a user scope with client_credentials, naming the entry", () => {
    const s: Settings = {
      ...oauth,
      allowedOAuthFlows: ["client_credentials"],
      allowedOAuthScopes: ["api/read", "email"],
    };
    expect(rules(s)).toEqual(["error client-credentials-resource-scopes /allowedOAuthScopes/1"]);
  });

  it("refuse the OAuth flag without flows or without scopes", () => {
    expect(rules({ allowedOAuthFlowsUserPoolClient: true, allowedOAuthScopes: ["openid"] })).toEqual([
      "error user-pool-client-flag-needs-flows-and-scopes /allowedOAuthFlows",
    ]);
    expect(
      rules({ allowedOAuthFlowsUserPoolClient: true, allowedOAuthFlows: ["code"], allowedOAuthScopes: [] }),
    ).toEqual(["error user-pool-client-flag-needs-flows-and-scopes /allowedOAuthScopes"]);
    // Offline only when the spec itself says so.
    expect(checkSpecRules({ allowedOAuthFlowsUserPoolClient: true })).toEqual([]);
  });

  it.each(["api.example.com:read", "/read", "api/", "OpenID"])("refuse the scope %s", (scope) => {
    expect(rules({ ...oauth, allowedOAuthScopes: [scope] })).toEqual([
      "error scope-format /allowedOAuthScopes/0",
    ]);
  });

  it("suggest the standard scope a wrongly cased one means", () => {
    const [v] = checkMergedRules({ ...oauth, allowedOAuthScopes: ["OpenID"] }, {});
    expect(v?.message).toContain('did you mean "openid"?');
  });

  it("count different entries: four flows with two values are two, and sent so", () => {
    expect(rules({ ...oauth, allowedOAuthFlows: ["code", "code", "implicit", "implicit"] })).toEqual([]);
    const flows = ["code", "implicit", "client_credentials", "password"] as unknown as ["code"];
    expect(rules({ ...oauth, allowedOAuthFlows: flows })).toContain("error list-size /allowedOAuthFlows");
  });
});

describe("auth flows and refresh token rotation", () => {
  const rotation = (feature: "ENABLED" | "DISABLED") => ({ feature });

  it("take a rotating client without ALLOW_REFRESH_TOKEN_AUTH, offline and merged", () => {
    const s: Settings = {
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
      refreshTokenRotation: rotation("ENABLED"),
    };
    expect(rules(s)).toEqual([]);
    expect(checkSpecRules(s)).toEqual([]);
  });

  it("warn, never refuse, when a client without rotation cannot refresh its tokens", () => {
    const s: Settings = { explicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] };
    expect(rules(s)).toEqual(["warning refresh-token-auth-missing /explicitAuthFlows"]);
    expect(rules({ ...s, refreshTokenRotation: rotation("DISABLED") })).toEqual([
      "warning refresh-token-auth-missing /explicitAuthFlows",
    ]);
    expect(rules({ explicitAuthFlows: [] })).toEqual([]); // AWS's defaults include it
    expect(rules({ explicitAuthFlows: ["USER_PASSWORD_AUTH"] })).toEqual([]); // legacy values: another rule's business
  });

  it("warn when a rotating client still allows ALLOW_REFRESH_TOKEN_AUTH", () => {
    const s: Settings = {
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      refreshTokenRotation: rotation("ENABLED"),
    };
    expect(rules(s)).toEqual(["warning rotation-with-refresh-token-auth /explicitAuthFlows"]);
    expect(checkSpecRules(s).map((v) => v.severity)).toEqual(["warning"]);
  });
});

describe("client names", () => {
  it("refuse a no-break space at plan time (offline the schema does), take ASCII spaces", () => {
    expect(rules({ clientName: "web\u00a0app" })).toEqual(["error client-name /clientName"]);
    expect(rules({ clientName: "web app\tv2 +=,.@-_" })).toEqual([]);
    expect(checkSpecRules({ clientName: "web\u00a0app" })).toEqual([]);
  });
});

describe("the rule table", () => {
  it("gives every row a severity, and ids that mean one thing", () => {
    for (const r of RULES) expect(["error", "warning"]).toContain(r.severity);
    const severities = new Map<string, Set<string>>();
    for (const r of RULES) severities.set(r.id, (severities.get(r.id) ?? new Set()).add(r.severity));
    for (const [id, set] of severities) expect(set.size, id).toBe(1);
  });
});
