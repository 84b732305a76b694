/**
 * How a plan, drift or apply run ends, judged from its report: the CLI's exit code, and whether the
 * Action's step fails. One judgement for both edges; each says it in its own words. Pure.
 */
import type { RiskSeverity } from "../model/risk-ids.js";
import { EXIT_ON_SIGNAL } from "../signals.js";
import { converged, hasChanges, type Plan, type ReportMode } from "./model.js";
import { riskVerdict } from "./risks.js";

export type Verdict =
  | { code: 0; reason: "ok" }
  /** A client in error, or an update that failed or did not verify. */
  | { code: 1; reason: "errors" }
  /** Something would change (plan) or drifted, and the caller asked to be told by the exit code. */
  | { code: 2; reason: "changes" }
  /** An unaccepted risk at or above --fail-on-risk; `message` says which and what to do. */
  | { code: 3; reason: "risk"; message: string }
  /** An apply stopped by a signal: 128 + its number, as a shell reports it. */
  | { code: number; reason: "interrupted"; signal: string };

export type VerdictOptions = {
  /** plan and drift: an unaccepted risk at or above this severity fails the run (apply judges before writing). */
  failOnRisk?: RiskSeverity | undefined;
  /** plan and drift: a change or a drifted client fails the run (exit 2). */
  failOnChanges?: boolean | undefined;
};

/** The first of: interrupted, errors, risk, changes; else ok. */
export function verdictOf(plan: Plan, mode: ReportMode, options: VerdictOptions = {}): Verdict {
  if (plan.interrupted) {
    const { signal } = plan.interrupted;
    return { code: EXIT_ON_SIGNAL[signal] ?? 130, reason: "interrupted", signal };
  }
  if (!converged(plan)) return { code: 1, reason: "errors" };
  if (mode === "apply") return { code: 0, reason: "ok" };
  const risk = riskVerdict(plan.clients, options.failOnRisk);
  if (risk) return { code: 3, reason: "risk", message: risk.message };
  if (options.failOnChanges && hasChanges(plan)) return { code: 2, reason: "changes" };
  return { code: 0, reason: "ok" };
}
