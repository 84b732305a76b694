/** Annotations from validation errors and plans. */
import { describe, expect, it } from "vitest";
import {
  type Annotation,
  capAnnotations,
  omittedNote,
  planAnnotations,
} from "../../src/action/annotations.js";
import { type ClientPlan, makePlan } from "../../src/plan/model.js";

function client(over: Partial<ClientPlan>): ClientPlan {
  return {
    userPoolId: "us-east-1_P",
    region: "us-east-1",
    clientId: "c1",
    clientName: "web",
    source: { file: "cognito/pool.yaml", line: 4 },
    action: "update",
    changes: [
      { field: "callbackURLs", kind: "set", before: ["a"], after: ["b"], added: ["b"], removed: ["a"] },
    ],
    risks: [],
    patch: [],
    specFingerprint: "x",
    ...over,
  } as ClientPlan;
}

describe("planAnnotations", () => {
  it("gives each client warning a warning at its spec line, an in-sync client's too", () => {
    const warned = makePlan(
      [
        client({
          action: "no-op",
          changes: [],
          warnings: [{ rule: "refresh-token-auth-missing", message: "tokens cannot be refreshed" }],
        }),
      ],
      [],
    );
    expect(planAnnotations(warned, "plan")).toEqual([
      {
        level: "warning",
        title: "cognito-gitops plan",
        message: "web (c1) in us-east-1_P: tokens cannot be refreshed",
        file: "cognito/pool.yaml",
        line: 4,
      },
    ]);
  });

  const plan = makePlan(
    [
      client({ lastModifiedDate: "2026-01-02T03:04:05.000Z" }),
      client({ clientName: "api", action: "no-op", changes: [] }),
      client({
        clientName: "gone",
        action: "error",
        error: { code: "NotFound", message: "no client named gone" },
      }),
    ],
    [],
  );

  it("gives drift a warning and plan a notice at the spec line, and errors an error", () => {
    const drift = planAnnotations(plan, "drift");
    expect(drift).toEqual([
      {
        level: "warning",
        title: "cognito-gitops drift",
        message:
          "web (c1) in us-east-1_P drifted from its spec: 1 field (callbackURLs) (last modified 2026-01-02T03:04:05.000Z)",
        file: "cognito/pool.yaml",
        line: 4,
      },
      {
        level: "error",
        title: "cognito-gitops drift",
        message: "gone (c1) in us-east-1_P: NotFound: no client named gone",
        file: "cognito/pool.yaml",
        line: 4,
      },
    ]);
    expect(planAnnotations(plan, "plan")[0]).toMatchObject({
      level: "notice",
      message: expect.stringContaining("will be updated"),
    });
  });
});

describe("capAnnotations", () => {
  it("keeps GitHub's 10 per type per step (one error and one warning kept back), and counts the rest", () => {
    const a = (level: Annotation["level"]): Annotation => ({
      level,
      title: "t",
      message: "m",
      file: "f",
      line: 1,
    });
    const list = [
      ...Array.from({ length: 60 }, () => a("notice")),
      ...Array.from({ length: 12 }, () => a("warning")),
      a("error"),
      a("error"),
    ];
    const { shown, omitted } = capAnnotations(list);
    expect(shown.filter((x) => x.level === "notice")).toHaveLength(10);
    expect(shown.filter((x) => x.level === "warning")).toHaveLength(9);
    expect(shown.filter((x) => x.level === "error")).toHaveLength(2);
    expect(omitted).toEqual({ error: 0, warning: 3, notice: 50 });
    expect(omittedNote(omitted)).toBe(
      "53 annotations left out (3 warnings, 50 notices): GitHub shows at most 10 of each type per step. The job summary lists every client.",
    );
    expect(omittedNote({ error: 0, warning: 0, notice: 0 })).toBeUndefined();
  });
});
