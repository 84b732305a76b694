/** The JSON plan contract (formatVersion 1): exactly its fields, whatever the entries hold. */
import { describe, expect, it } from "vitest";
import type { ClientPlan } from "../../src/plan/model.js";
import { planToJson, renderPlanJson } from "../../src/render/plan-json.js";
import { failed, noOp, POOL, planOf, STRAYS, update } from "./sample-plan.js";

type Json = Record<string, unknown>;

function clients(doc: Json): Json[] {
  return doc.clients as Json[];
}

describe("the JSON plan", () => {
  it("has the contract's top-level fields, and call counts only when given", () => {
    const plan = planOf([update(), noOp(), failed()], STRAYS);
    const doc = planToJson(plan);
    expect(Object.keys(doc)).toEqual(["formatVersion", "summary", "clients", "unmanaged", "warnings"]);
    expect(doc.warnings).toEqual([]);
    expect(doc.formatVersion).toBe(1);
    expect(doc.summary).toEqual({
      clients: 3,
      update: 1,
      noOp: 1,
      error: 1,
      unmanaged: 2,
      risks: { high: 0, medium: 0, low: 0, accepted: 0 },
    });
    expect(doc.unmanaged).toEqual(STRAYS);

    const withStats = planToJson(plan, { calls: new Map([["DescribeUserPoolClient", 3]]), throttled: 1 });
    expect(withStats).toMatchObject({ calls: { DescribeUserPoolClient: 3 }, throttled: 1 });
    expect(Object.keys(withStats)).toEqual([
      "formatVersion",
      "summary",
      "clients",
      "unmanaged",
      "warnings",
      "calls",
      "throttled",
    ]);
  });

  it("writes each entry's contract fields, and an error only on error entries", () => {
    const [u, n, e] = clients(planToJson(planOf([update(), noOp(), failed()])));
    expect(Object.keys(u ?? {}).sort()).toEqual(
      [
        "userPoolId",
        "region",
        "clientId",
        "clientName",
        "source",
        "action",
        "changes",
        "risks",
        "patch",
        "fingerprint",
        "specFingerprint",
        "lastModifiedDate",
      ].sort(),
    );
    expect(u).toMatchObject({
      userPoolId: POOL,
      region: "us-east-1",
      clientId: "web1",
      clientName: "web",
      source: { file: "specs/web.yaml", line: 4 },
      action: "update",
      patch: [{ op: "replace", path: "/enableTokenRevocation", value: false }],
      fingerprint: "sha256:live",
      specFingerprint: "sha256:spec",
    });
    expect(n).not.toHaveProperty("lastModifiedDate");
    expect(n).not.toHaveProperty("error");
    // A client that was never matched has no ID and no fingerprint: the keys are left out, not null.
    expect(Object.keys(e ?? {}).sort()).toEqual(
      [
        "userPoolId",
        "region",
        "clientName",
        "source",
        "action",
        "changes",
        "risks",
        "patch",
        "specFingerprint",
        "error",
      ].sort(),
    );
    expect(e?.error).toEqual({
      code: "ClientNotFound",
      message: `no app client named "mobile" in user pool ${POOL}`,
    });
  });

  it("gives every change its kind, and sets their added and removed items", () => {
    const [u] = clients(planToJson(planOf([update()])));
    expect(u?.changes).toEqual([
      {
        field: "callbackURLs",
        kind: "set",
        before: ["https://a.example.com/cb", "https://old.example.com/cb"],
        after: ["https://a.example.com/cb", "https://b.example.com/cb", "https://new.example.com/cb"],
        added: ["https://b.example.com/cb", "https://new.example.com/cb"],
        removed: ["https://old.example.com/cb"],
      },
      {
        field: "accessTokenValidity",
        kind: "duration",
        before: { value: 1, unit: "hours" },
        after: { value: 30, unit: "minutes" },
      },
      { field: "enableTokenRevocation", kind: "scalar", before: true, after: false },
    ]);
  });

  it("adds applied, converged and attempts to each entry after apply, and only then", () => {
    const before = clients(planToJson(planOf([update()])))[0];
    for (const k of ["applied", "converged", "attempts", "outcome"]) expect(before).not.toHaveProperty(k);
    const after = clients(
      planToJson(
        planOf([
          update({ outcome: { applied: true, converged: true, attempts: 2 } }),
          failed({ outcome: { applied: false, converged: false, attempts: 0 } }),
        ]),
      ),
    );
    expect(after[0]).toMatchObject({ action: "update", applied: true, converged: true, attempts: 2 });
    expect(after[1]).toMatchObject({ action: "error", applied: false, converged: false, attempts: 0 });
    expect(after[0]).not.toHaveProperty("outcome");
  });

  it("lets nothing else out of an entry, such as what the reader kept beside the plan", () => {
    const leaky = {
      ...update(),
      live: { config: { ClientSecret: "s3cr3t-value" } },
      secret: "s3cr3t-value",
    } as ClientPlan;
    const text = renderPlanJson(planOf([leaky]));
    expect(text).not.toContain("s3cr3t");
    expect(clients(JSON.parse(text))[0]).not.toHaveProperty("live");
  });

  it("is the projection as indented JSON with a final newline", () => {
    const plan = planOf([update(), failed()], STRAYS);
    const stats = { calls: new Map([["ListUserPoolClients", 1]]), throttled: 0 };
    const text = renderPlanJson(plan, stats);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "formatVersion": 1,\n');
    expect(JSON.parse(text)).toEqual(planToJson(plan, stats));
  });
});
