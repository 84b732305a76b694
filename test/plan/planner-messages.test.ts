/** Plan-time rule errors say whether the value at fault is the live one or the spec's. */
import { describe, expect, it } from "vitest";
import type { LiveClient } from "../../src/model/live.js";
import type { ClientSpec } from "../../src/model/types.js";
import { planClient } from "../../src/plan/planner.js";

function plan(spec: ClientSpec, config: Record<string, unknown>) {
  const live: LiveClient = {
    userPoolId: "us-east-1_AAAAAAAAA",
    clientId: "abc",
    clientName: "web",
    config,
    hasSecret: false,
    unknownMembers: [],
  };
  const declared = {
    userPoolId: live.userPoolId,
    region: undefined,
    spec: { clientId: "abc", ...spec },
    source: { file: "a.yaml", line: 3, column: 5, index: 0 },
  };
  return planClient(declared, live, "us-east-1");
}

const LIVE = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code"],
  AllowedOAuthScopes: ["openid"],
  CallbackURLs: ["https://a.example.com/cb", "https://b.example.com/cb"],
  DefaultRedirectURI: "https://a.example.com/cb",
};

describe("plan-time rule errors", () => {
  it("say so when the value at fault is the live one, which the spec does not set", () => {
    const entry = plan({ callbackURLs: ["https://b.example.com/cb"] }, LIVE);
    expect(entry.action).toBe("error");
    if (entry.action !== "error") return;
    expect(entry.error.message).toContain(
      'defaultRedirectURI "https://a.example.com/cb" must be one of callbackURLs (defaultRedirectURI is the live value: the spec does not set it)',
    );
  });

  it("say nothing of the kind when the spec sets the value", () => {
    const entry = plan({ defaultRedirectURI: "https://c.example.com/cb" }, LIVE);
    expect(entry.action).toBe("error");
    if (entry.action !== "error") return;
    expect(entry.error.message).toContain(
      'defaultRedirectURI "https://c.example.com/cb" must be one of callbackURLs',
    );
    expect(entry.error.message).not.toContain("live value");
  });
});
