/** The step's outputs (action.yml's `outputs`), for every way a run can end. Pure. */
import type { Plan, ReportMode } from "../plan/model.js";
import { summaryLine } from "../render/plan-text.js";
import { validationSummary } from "../render/validation-text.js";
import type { Outcome } from "./context.js";

export type ChangedClient = { userPoolId: string; clientId: string; clientName: string };

/** Clients that differ from their spec; for apply, those it updated (not those an interruption left). */
export function changedClients(plan: Plan, mode: ReportMode): ChangedClient[] {
  return plan.clients
    .filter((c) => c.action === "update" && (mode !== "apply" || c.outcome?.applied === true))
    .map((c) => ({ userPoolId: c.userPoolId, clientId: c.clientId ?? "", clientName: c.clientName ?? "" }));
}

/** What the run saved and kept: the JSON plan's path, and the drift issue left open. */
export type Kept = { planJson?: string | undefined; driftIssue?: number | undefined };

/** Every output the run sets, by name; an output left out is empty for the workflow. */
export function outputsOf(outcome: Outcome, kept: Kept = {}): Record<string, string> {
  const plan = outcome.kind === "invalid" ? undefined : outcome.plan;
  const changed = outcome.kind === "done" ? changedClients(outcome.plan, outcome.mode) : [];
  const summary =
    outcome.kind === "invalid"
      ? validationSummary(outcome.report)
      : outcome.kind === "refused"
        ? `Apply refused: ${outcome.brief}.`
        : outcome.stopped
          ? `Apply stopped: ${outcome.stopped}.`
          : summaryLine(outcome.plan, outcome.mode);
  return {
    "has-changes": String(changed.length > 0),
    "changed-clients": JSON.stringify(changed),
    summary,
    ...(kept.planJson ? { "plan-json": kept.planJson } : {}),
    ...(plan ? { risks: JSON.stringify(plan.summary.risks) } : {}),
    ...(outcome.kind === "refused" ? { "failure-reason": outcome.reason } : {}),
    ...(kept.driftIssue !== undefined ? { "drift-issue-number": String(kept.driftIssue) } : {}),
  };
}
