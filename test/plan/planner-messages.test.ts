/**
 * Plan-time refusals: rule errors say whether the value at fault is the live one or the spec's;
 * plan and apply refuse what must not be sent, drift reports the difference with them as warnings.
 */
import type { UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { liveFromAnswer } from "../../src/cognito/raw-answer.js";
import type { LiveClient } from "../../src/model/live.js";
import type { ClientSpec } from "../../src/model/types.js";
import type { ReportMode } from "../../src/plan/model.js";
import { planClient } from "../../src/plan/planner.js";

function plan(
  spec: ClientSpec,
  config: Record<string, unknown>,
  mode: ReportMode = "plan",
  more: Partial<LiveClient> = {},
) {
  const live: LiveClient = {
    userPoolId: "us-east-1_AAAAAAAAA",
    clientId: "abc",
    clientName: "web",
    config,
    hasSecret: false,
    unknownMembers: [],
    ...more,
  };
  const declared = {
    userPoolId: live.userPoolId,
    region: undefined,
    spec: { clientId: "abc", ...spec },
    source: { file: "a.yaml", line: 3, column: 5, index: 0 },
  };
  return planClient(declared, live, "us-east-1", mode);
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

describe("what must not be sent", () => {
  // Someone removed a callback URL in the console that live's defaultRedirectURI still names.
  const edited = { ...LIVE, CallbackURLs: ["https://b.example.com/cb"] };
  const spec = { callbackURLs: ["https://a.example.com/cb", "https://b.example.com/cb"] };

  it("is refused by plan and apply, but drift still reports the drift, with the refusal as a warning", () => {
    // The spec names callbackURLs only; the live default redirect URI breaks the rules once merged.
    const broken = { ...edited, DefaultRedirectURI: "https://c.example.com/cb" };
    for (const mode of ["plan", "apply"] as const) {
      expect(plan(spec, broken, mode)).toMatchObject({
        action: "error",
        error: { code: "InvalidConfiguration" },
      });
    }
    const drift = plan(spec, broken, "drift");
    expect(drift.action).toBe("update");
    expect(drift.changes.map((c) => c.field)).toEqual(["callbackURLs"]);
    expect(drift.warnings).toEqual([
      {
        rule: "default-redirect-in-callbacks",
        message:
          'apply would refuse this client: the configuration that would be sent breaks AWS\'s rules: defaultRedirectURI "https://c.example.com/cb" must be one of callbackURLs (defaultRedirectURI is the live value: the spec does not set it)',
      },
    ]);
  });

  it("includes a live client holding a field this version does not know: an error in plan and apply, a warning in drift", () => {
    const newer = { unknownMembers: ["PasskeyRelyingParty"] };
    for (const mode of ["plan", "apply"] as const) {
      const entry = plan(spec, edited, mode, newer);
      expect(entry).toMatchObject({ action: "error", error: { code: "UnknownLiveField" } });
    }
    const drift = plan(spec, edited, "drift", newer);
    expect(drift.action).toBe("update");
    expect(drift.warnings).toEqual([
      {
        rule: "unknown-live-field",
        message:
          "apply would refuse this client: the live client has field(s) PasskeyRelyingParty that this version of cognito-gitops does not know; they would be reset by an update; upgrade cognito-gitops",
      },
    ]);
  });

  it("includes a client whose raw answer was not read: the SDK's typed output cannot show a new field", () => {
    // The raw-body middleware never saw the answer: nothing says which members it held.
    const answer = { ClientId: "abc", ClientName: "web", ...edited } as UserPoolClientType;
    const live = liveFromAnswer("us-east-1_AAAAAAAAA", answer, {});
    expect(live.unknownMembers).toEqual([]);
    expect(live.rawUnread).toBe(true);
    const entry = plan(spec, live.config, "apply", live);
    expect(entry).toMatchObject({ action: "error", error: { code: "UncheckedLiveFields" } });
    if (entry.action === "error") expect(entry.error.message).toContain("could not be read as sent");
    const drift = plan(spec, live.config, "drift", live);
    expect(drift.action).toBe("update");
    expect(drift.warnings?.map((w) => w.rule)).toEqual(["unchecked-live-fields"]);
  });

  it("leaves a client whose raw answer was read unmarked", () => {
    const answer = { ClientId: "abc", ClientName: "web", ...edited } as UserPoolClientType;
    const live = liveFromAnswer("us-east-1_AAAAAAAAA", answer, { members: Object.keys(answer) });
    expect(live).not.toHaveProperty("rawUnread");
    expect(plan(spec, live.config, "apply").action).toBe("update");
  });
});
