/**
 * The security review: each rule on a change that triggers it and on a near miss that does not,
 * judged through the real differ and planner (plan: live -> spec; drift: spec -> live).
 */
import { afterAll, describe, expect, it } from "vitest";
import { toApi } from "../../src/model/convert.js";
import { RISK_RULE_IDS } from "../../src/model/risk-ids.js";
import type { Settings } from "../../src/model/settings.js";
import type { ClientSpec } from "../../src/model/types.js";
import { makePlan, type ReportMode, type Risk } from "../../src/plan/model.js";
import { planClient } from "../../src/plan/planner.js";
import { gatingRisks, isLoopback, RISK_RULES, redirectTarget, riskVerdict } from "../../src/plan/risks.js";
import type { DeclaredClient } from "../../src/specfile/load.js";

const POOL = "us-east-1_TESTPOOL";
const triggered = new Set<string>();

function entry(live: Settings, spec: ClientSpec, mode: ReportMode = "plan") {
  const declared: DeclaredClient = {
    userPoolId: POOL,
    region: undefined,
    spec: { clientName: "web", ...spec },
    source: { file: "web.yaml", line: 3, column: 5, index: 0 },
  };
  const config = toApi({ clientName: "web", ...live } as Settings);
  return planClient(
    declared,
    { userPoolId: POOL, clientId: "abc123", clientName: "web", config, hasSecret: true, unknownMembers: [] },
    "us-east-1",
    mode,
  );
}

function review(live: Settings, spec: ClientSpec, mode: ReportMode = "plan"): Risk[] {
  const risks = entry(live, spec, mode).risks;
  for (const r of risks) triggered.add(r.rule);
  return risks;
}

const rules = (risks: Risk[]) => risks.map((r) => r.rule);

const OAUTH: Settings = {
  allowedOAuthFlowsUserPoolClient: true,
  allowedOAuthFlows: ["code"],
  allowedOAuthScopes: ["openid", "email"],
  callbackURLs: ["https://app.example.com/cb"],
  logoutURLs: ["https://www.example.com/bye"],
};

describe("new-redirect-domain (high)", () => {
  it("flags a callback URL on a host the client had in no callback or logout URL", () => {
    const risks = review(OAUTH, {
      callbackURLs: ["https://app.example.com/cb", "https://attacker.example.net/cb"],
    });
    expect(risks).toEqual([
      {
        rule: "new-redirect-domain",
        severity: "high",
        field: "callbackURLs",
        message: expect.stringContaining("https://attacker.example.net/cb"),
        accepted: false,
      },
    ]);
  });

  it("flags a logout URL on a new host, and a new port or scheme of a known host", () => {
    expect(rules(review(OAUTH, { logoutURLs: ["https://evil.example.org/"] }))).toEqual([
      "new-redirect-domain",
    ]);
    expect(rules(review(OAUTH, { callbackURLs: ["https://app.example.com:8443/cb"] }))).toEqual([
      "new-redirect-domain",
    ]);
    expect(rules(review(OAUTH, { callbackURLs: ["myapp://app.example.com/cb"] }))).toEqual([
      "new-redirect-domain",
    ]);
  });

  it("does not flag the same host with a different path, nor a host the logout URLs already use", () => {
    expect(
      review(OAUTH, { callbackURLs: ["https://app.example.com/cb", "https://app.example.com/other"] }),
    ).toEqual([]);
    expect(review(OAUTH, { callbackURLs: ["https://WWW.example.com/after-login"] })).toEqual([]);
  });

  it("does not flag a URL removed", () => {
    expect(
      review(
        { ...OAUTH, callbackURLs: ["https://app.example.com/cb", "https://old.example.com/cb"] },
        {
          callbackURLs: ["https://app.example.com/cb"],
        },
      ),
    ).toEqual([]);
  });

  it("in drift, flags a callback added in the console (from spec to live), and only there", () => {
    const live = {
      ...OAUTH,
      callbackURLs: ["https://app.example.com/cb", "https://attacker.example.net/cb"],
    };
    const spec = { callbackURLs: ["https://app.example.com/cb"] };
    expect(rules(review(live, spec, "drift"))).toEqual(["new-redirect-domain"]);
    // The plan of the same state removes the attacker's URL: nothing risky in that.
    expect(review(live, spec, "plan")).toEqual([]);
  });
});

describe("implicit-flow (high)", () => {
  it("flags implicit added to allowedOAuthFlows", () => {
    expect(rules(review(OAUTH, { allowedOAuthFlows: ["code", "implicit"] }))).toEqual(["implicit-flow"]);
  });
  it("does not flag the implicit flow removed", () => {
    expect(
      review({ ...OAUTH, allowedOAuthFlows: ["code", "implicit"] }, { allowedOAuthFlows: ["code"] }),
    ).toEqual([]);
  });
});

describe("token-revocation-off (high)", () => {
  it("flags revocation turned from true (AWS's default when absent) to false", () => {
    expect(rules(review({}, { enableTokenRevocation: false }))).toEqual(["token-revocation-off"]);
    expect(rules(review({ enableTokenRevocation: true }, { enableTokenRevocation: false }))).toEqual([
      "token-revocation-off",
    ]);
  });
  it("does not flag revocation turned on", () => {
    expect(review({ enableTokenRevocation: false }, { enableTokenRevocation: true })).toEqual([]);
  });
});

describe("custom-attribute-writable (high) and writable-attribute (low)", () => {
  it("flags a custom: attribute added to writeAttributes as high", () => {
    const risks = review({ writeAttributes: ["email"] }, { writeAttributes: ["email", "custom:role"] });
    expect(risks.map((r) => [r.rule, r.severity])).toEqual([["custom-attribute-writable", "high"]]);
    expect(risks[0]?.message).toContain("custom:role");
  });
  it("flags a custom: attribute even when the live list was empty (custom attributes are not writable then)", () => {
    expect(rules(review({}, { writeAttributes: ["custom:tenant"] }))).toEqual(["custom-attribute-writable"]);
  });
  it("does not flag a custom: attribute made readable", () => {
    expect(review({ readAttributes: ["email"] }, { readAttributes: ["email", "custom:role"] })).toEqual([]);
  });
  it("flags another attribute added to a write list as low", () => {
    const risks = review({ writeAttributes: ["email"] }, { writeAttributes: ["email", "phone_number"] });
    expect(risks.map((r) => [r.rule, r.severity])).toEqual([["writable-attribute", "low"]]);
  });
  it("flags a cleared write list (every standard attribute writable again)", () => {
    expect(rules(review({ writeAttributes: ["email"] }, { writeAttributes: [] }))).toEqual([
      "writable-attribute",
    ]);
  });
  it("does not flag a list that narrows AWS's default (no list: every standard attribute writable)", () => {
    expect(review({}, { writeAttributes: ["email"] })).toEqual([]);
    expect(review({ writeAttributes: ["email", "name"] }, { writeAttributes: ["email"] })).toEqual([]);
  });
});

describe("password-auth (medium)", () => {
  const SRP: Settings = { explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] };
  const LEGACY: Settings = { explicitAuthFlows: ["CUSTOM_AUTH_FLOW_ONLY"] };
  it.each([
    ["ALLOW_USER_PASSWORD_AUTH", SRP],
    ["ALLOW_ADMIN_USER_PASSWORD_AUTH", SRP],
    ["USER_PASSWORD_AUTH", LEGACY],
    ["ADMIN_NO_SRP_AUTH", LEGACY],
  ] as Array<[string, Settings]>)("flags %s added", (flow, live) => {
    const flows = flow.startsWith("ALLOW_")
      ? [...(SRP.explicitAuthFlows ?? []), flow]
      : ["CUSTOM_AUTH_FLOW_ONLY", flow];
    const risks = review(live, { explicitAuthFlows: flows as NonNullable<ClientSpec["explicitAuthFlows"]> });
    expect(risks.map((r) => [r.rule, r.severity])).toEqual([["password-auth", "medium"]]);
    expect(risks[0]?.message).toContain(flow);
  });
  it("does not flag SRP added or password sign-in removed", () => {
    expect(review({ explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"] }, SRP as ClientSpec)).toEqual([]);
    expect(
      review(
        { explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] },
        {
          explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        },
      ),
    ).toEqual([]);
  });
});

describe("user-existence-errors (medium)", () => {
  it("flags preventUserExistenceErrors set to LEGACY", () => {
    expect(
      rules(review({ preventUserExistenceErrors: "ENABLED" }, { preventUserExistenceErrors: "LEGACY" })),
    ).toEqual(["user-existence-errors"]);
  });
  it("does not flag ENABLED, nor LEGACY written out where live has AWS's default LEGACY", () => {
    expect(review({}, { preventUserExistenceErrors: "ENABLED" })).toEqual([]);
    expect(review({}, { preventUserExistenceErrors: "LEGACY" })).toEqual([]);
  });
});

describe("refresh-rotation-off (medium)", () => {
  const ON: Settings = {
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
    refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: 10 },
  };
  it("flags rotation turned from ENABLED to DISABLED, or removed", () => {
    expect(rules(review(ON, { refreshTokenRotation: { feature: "DISABLED" } }))).toEqual([
      "refresh-rotation-off",
    ]);
    const removed = review(ON, { refreshTokenRotation: null });
    expect(rules(removed)).toEqual(["refresh-rotation-off"]);
    expect(removed[0]?.message).toContain("removed");
  });
  it("does not flag rotation turned on, or a grace period changed", () => {
    expect(
      review(
        { explicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] },
        { refreshTokenRotation: { feature: "ENABLED" } },
      ),
    ).toEqual([]);
    expect(review(ON, { refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: 30 } })).toEqual(
      [],
    );
  });
});

describe("admin-scope (medium)", () => {
  it("flags aws.cognito.signin.user.admin added", () => {
    expect(
      rules(review(OAUTH, { allowedOAuthScopes: ["openid", "email", "aws.cognito.signin.user.admin"] })),
    ).toEqual(["admin-scope"]);
  });
  it("does not flag another scope added", () => {
    expect(review(OAUTH, { allowedOAuthScopes: ["openid", "email", "profile"] })).toEqual([]);
  });
});

describe("loopback-redirect (medium)", () => {
  it.each(["http://localhost:3000/cb", "http://127.0.0.1:8080/cb", "http://[::1]/cb"])(
    "flags %s added, as loopback and not as a new host",
    (url) => {
      const risks = review(OAUTH, { callbackURLs: ["https://app.example.com/cb", url] });
      expect(risks.map((r) => [r.rule, r.severity])).toEqual([["loopback-redirect", "medium"]]);
    },
  );
  it("does not take a host that only starts with localhost for loopback", () => {
    expect(isLoopback("https://localhost.example.com/cb")).toBe(false);
    expect(rules(review(OAUTH, { callbackURLs: ["https://localhost.example.com/cb"] }))).toEqual([
      "new-redirect-domain",
    ]);
  });
});

describe("longer-tokens (low)", () => {
  it("flags a token lifetime made longer, whatever units say it", () => {
    const risks = review(
      { accessTokenValidity: 60, tokenValidityUnits: { accessToken: "minutes" } },
      { accessTokenValidity: 2 },
    );
    expect(risks).toEqual([
      {
        rule: "longer-tokens",
        severity: "low",
        field: "accessTokenValidity",
        message: "accessTokenValidity is longer: 1 hour -> 2 hours",
        accepted: false,
      },
    ]);
    expect(rules(review({}, { refreshTokenValidity: 90 }))).toEqual(["longer-tokens"]);
  });
  it("does not flag a token made shorter, nor the same lifetime in another unit", () => {
    expect(
      review(
        { accessTokenValidity: 1 },
        { accessTokenValidity: 30, tokenValidityUnits: { accessToken: "minutes" } },
      ),
    ).toEqual([]);
    expect(
      review({ idTokenValidity: 1 }, { idTokenValidity: 60, tokenValidityUnits: { idToken: "minutes" } }),
    ).toEqual([]);
  });
});

describe("new-identity-provider (low)", () => {
  it("flags an identity provider added", () => {
    expect(
      rules(
        review(
          { supportedIdentityProviders: ["COGNITO"] },
          { supportedIdentityProviders: ["COGNITO", "Google"] },
        ),
      ),
    ).toEqual(["new-identity-provider"]);
  });
  it("does not flag one removed", () => {
    expect(
      review(
        { supportedIdentityProviders: ["COGNITO", "Google"] },
        { supportedIdentityProviders: ["COGNITO"] },
      ),
    ).toEqual([]);
  });
});

describe("the review of a whole change", () => {
  it("reports every finding, most severe first, and marks those the spec accepts", () => {
    const risks = review(OAUTH, {
      callbackURLs: ["https://app.example.com/cb", "http://localhost:3000/cb"],
      allowedOAuthFlows: ["code", "implicit"],
      accessTokenValidity: 2,
      acceptRisks: ["loopback-redirect"],
    });
    expect(risks.map((r) => [r.rule, r.severity, r.accepted])).toEqual([
      ["implicit-flow", "high", false],
      ["loopback-redirect", "medium", true],
      ["longer-tokens", "low", false],
    ]);
  });

  it("counts unaccepted findings by severity, and --fail-on-risk looks at them only", () => {
    const e = entry(OAUTH, {
      callbackURLs: ["https://app.example.com/cb", "http://localhost:3000/cb"],
      accessTokenValidity: 2,
      acceptRisks: ["loopback-redirect"],
    });
    const plan = makePlan([e], []);
    expect(plan.summary.risks).toEqual({ high: 0, medium: 0, low: 1, accepted: 1 });
    expect(gatingRisks(plan.clients, "medium")).toEqual([]);
    expect(gatingRisks(plan.clients, "low").map((r) => r.rule)).toEqual(["longer-tokens"]);
    expect(riskVerdict(plan.clients, "medium")).toBeUndefined();
    expect(riskVerdict(plan.clients, undefined)).toBeUndefined();
    expect(riskVerdict(plan.clients, "low")?.message).toMatch(
      /^1 unaccepted security risk at or above low \(longer-tokens\)/,
    );
  });

  it("finds nothing for a client in sync", () => {
    expect(entry(OAUTH, { callbackURLs: ["https://app.example.com/cb"] }).risks).toEqual([]);
  });

  it("reads a URL it cannot parse by its scheme and host", () => {
    expect(redirectTarget("not a url")).toBe("not a url");
    expect(redirectTarget("https://App.Example.com:443/x")).toBe("https://app.example.com");
  });
});

afterAll(() => {
  // Every rule of the table was triggered by some case above.
  expect([...triggered].sort()).toEqual([...RISK_RULE_IDS].sort());
  expect(Object.keys(RISK_RULES)).toEqual([...RISK_RULE_IDS]);
});
