/** How a run ends, one judgement for the CLI's exit code and the Action's pass or fail. */
import { describe, expect, it } from "vitest";
import type { Risk } from "../../src/plan/model.js";
import { verdictOf } from "../../src/plan/verdict.js";
import { failed, noOp, planOf, update } from "../render/sample-plan.js";

const HIGH: Risk = {
  rule: "implicit-flow",
  severity: "high",
  field: "allowedOAuthFlows",
  message: "the implicit flow is allowed",
  accepted: false,
};

describe("verdictOf", () => {
  it("passes a plan with changes unless the caller asks to be told of changes (exit 2)", () => {
    const plan = planOf([update(), noOp()]);
    expect(verdictOf(plan, "plan")).toEqual({ code: 0, reason: "ok" });
    expect(verdictOf(plan, "drift", { failOnChanges: true })).toEqual({ code: 2, reason: "changes" });
    expect(verdictOf(planOf([noOp()]), "drift", { failOnChanges: true })).toEqual({ code: 0, reason: "ok" });
  });

  it("puts errors before risks, and risks before changes", () => {
    const risky = planOf([update({ risks: [HIGH] })]);
    expect(verdictOf(planOf([update({ risks: [HIGH] }), failed()]), "plan", { failOnRisk: "low" })).toEqual({
      code: 1,
      reason: "errors",
    });
    expect(verdictOf(risky, "drift", { failOnRisk: "high", failOnChanges: true })).toMatchObject({
      code: 3,
      reason: "risk",
      message: expect.stringMatching(/^1 unaccepted security risk at or above high \(implicit-flow\)/),
    });
    expect(verdictOf(risky, "plan", { failOnRisk: "high" }).code).toBe(3);
    const accepted = planOf([update({ risks: [{ ...HIGH, accepted: true }] })]);
    expect(verdictOf(accepted, "plan", { failOnRisk: "low" }).code).toBe(0);
  });

  it("judges an applied plan by its outcomes only: risks were judged before the first write", () => {
    const applied = update({ risks: [HIGH], outcome: { applied: true, converged: true, attempts: 1 } });
    expect(verdictOf(planOf([applied]), "apply", { failOnRisk: "low" })).toEqual({ code: 0, reason: "ok" });
    const unverified = update({ outcome: { applied: true, converged: false, attempts: 1 } });
    expect(verdictOf(planOf([unverified]), "apply")).toEqual({ code: 1, reason: "errors" });
  });

  it("ends an interrupted apply with the shell's code for its signal", () => {
    const stopped = update({
      outcome: { applied: false, converged: false, attempts: 0, interrupted: "not-started" },
    });
    const on = (signal: string) => verdictOf({ ...planOf([stopped]), interrupted: { signal } }, "apply");
    expect(on("SIGINT")).toEqual({ code: 130, reason: "interrupted", signal: "SIGINT" });
    expect(on("SIGTERM").code).toBe(143);
  });
});
