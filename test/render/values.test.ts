/** How values read to a person: durations, plain values, change lines, client labels. */

import { describe, expect, it } from "vitest";
import { durationText, secondsText } from "../../src/model/normalize.js";
import { changeLines, clientLabel, showSide, showValue } from "../../src/render/values.js";
import { plural } from "../../src/text.js";

describe("durationText", () => {
  it.each([
    [1, "seconds", "1 second"],
    [30, "seconds", "30 seconds"],
    [1, "minutes", "1 minute"],
    [5, "minutes", "5 minutes"],
    [1, "hours", "1 hour"],
    [24, "hours", "24 hours"],
    [1, "days", "1 day"],
    [3650, "days", "3650 days"],
  ] as const)("%d %s reads %s", (value, unit, text) => {
    expect(durationText({ value, unit })).toBe(text);
  });

  it("reads nothing set as (not set), and AWS's range ends in years where they are whole", () => {
    expect(durationText(null)).toBe("(not set)");
    expect(durationText(undefined)).toBe("(not set)");
    expect(secondsText(300)).toBe("5 minutes");
    expect(secondsText(3600)).toBe("1 hour");
    expect(secondsText(86_400)).toBe("1 day");
    expect(secondsText(10 * 365 * 86_400)).toBe("10 years");
    expect(secondsText(365 * 86_400)).toBe("1 year");
  });
});

describe("showValue", () => {
  it("reads absent values, lists, objects and scalars", () => {
    expect(showValue(null)).toBe("(not set)");
    expect(showValue(undefined)).toBe("(not set)");
    expect(showValue([])).toBe("[]");
    expect(showValue(["code", "implicit"])).toBe("[code, implicit]");
    expect(showValue({ feature: "ENABLED", retryGracePeriodSeconds: 10 })).toBe(
      "{ feature: ENABLED, retryGracePeriodSeconds: 10 }",
    );
    expect(showValue(false)).toBe("false");
    expect(showValue(0)).toBe("0");
    expect(showValue("LEGACY")).toBe("LEGACY");
  });
});

describe("changeLines", () => {
  it("lists a set's removed items, then its added ones, and nothing it keeps", () => {
    const lines = changeLines({
      field: "allowedOAuthScopes",
      kind: "set",
      before: ["email", "openid", "phone"],
      after: ["email", "openid", "profile", "zeta"],
      added: ["profile", "zeta"],
      removed: ["phone"],
    });
    expect(lines).toEqual([
      { sign: "-", text: "phone" },
      { sign: "+", text: "profile" },
      { sign: "+", text: "zeta" },
    ]);
  });

  it("shows a set emptied, item by item", () => {
    const lines = changeLines({
      field: "logoutURLs",
      kind: "set",
      before: ["https://a.example.com"],
      after: [],
      added: [],
      removed: ["https://a.example.com"],
    });
    expect(lines).toEqual([{ sign: "-", text: "https://a.example.com" }]);
  });

  it("shows a duration before and after, in words, and an unset one as not set", () => {
    expect(
      changeLines({
        field: "refreshTokenValidity",
        kind: "duration",
        before: null,
        after: { value: 1, unit: "days" },
      }),
    ).toEqual([
      { sign: "-", text: "(not set)" },
      { sign: "+", text: "1 day" },
    ]);
  });

  it("shows objects and scalars before and after", () => {
    expect(
      changeLines({
        field: "refreshTokenRotation",
        kind: "object",
        before: null,
        after: { feature: "ENABLED", retryGracePeriodSeconds: 10 },
      }),
    ).toEqual([
      { sign: "-", text: "(not set)" },
      { sign: "+", text: "{ feature: ENABLED, retryGracePeriodSeconds: 10 }" },
    ]);
    expect(
      changeLines({
        field: "preventUserExistenceErrors",
        kind: "scalar",
        before: "LEGACY",
        after: "ENABLED",
      }),
    ).toEqual([
      { sign: "-", text: "LEGACY" },
      { sign: "+", text: "ENABLED" },
    ]);
  });

  it("reads a side by the change's kind, not by the value's shape", () => {
    // An object that looks like a duration is still an object.
    const side = showSide(
      { field: "analyticsConfiguration", kind: "object", before: { value: 1, unit: "hours" }, after: null },
      "before",
    );
    expect(side).toBe("{ value: 1, unit: hours }");
  });
});

describe("clientLabel and plural", () => {
  it("names a client by name and ID, or whichever it has", () => {
    const pool = "us-east-1_AAAAAAAAA";
    expect(clientLabel({ userPoolId: pool, clientName: "web", clientId: "abc" })).toBe(
      `web (abc) in ${pool}`,
    );
    expect(clientLabel({ userPoolId: pool, clientName: "web" })).toBe(`web in ${pool}`);
    expect(clientLabel({ userPoolId: pool, clientId: "abc" })).toBe(`abc in ${pool}`);
    expect(clientLabel({ userPoolId: pool })).toBe(`? in ${pool}`);
  });

  it("counts in the singular for one only", () => {
    expect(plural(0, "error")).toBe("0 errors");
    expect(plural(1, "error")).toBe("1 error");
    expect(plural(2, "error")).toBe("2 errors");
    expect(plural(2, "entry", "entries")).toBe("2 entries");
  });
});
