/** The JSON plan contract (formatVersion 1). Fields are picked one by one: nothing else leaks out. */
import type { ClientPlan, Plan } from "../plan/model.js";

function client(c: ClientPlan): Record<string, unknown> {
  return {
    userPoolId: c.userPoolId,
    region: c.region,
    ...(c.clientId !== undefined ? { clientId: c.clientId } : {}),
    ...(c.clientName !== undefined ? { clientName: c.clientName } : {}),
    source: c.source,
    action: c.action,
    changes: c.changes,
    risks: c.risks.map((r) => ({
      rule: r.rule,
      severity: r.severity,
      field: r.field,
      message: r.message,
      accepted: r.accepted,
    })),
    patch: c.patch,
    ...(c.fingerprint ? { fingerprint: c.fingerprint } : {}),
    specFingerprint: c.specFingerprint,
    ...(c.lastModifiedDate ? { lastModifiedDate: c.lastModifiedDate } : {}),
    ...(c.action === "error" ? { error: c.error } : {}),
    ...(c.warnings ? { warnings: c.warnings } : {}),
    ...(c.outcome
      ? { applied: c.outcome.applied, converged: c.outcome.converged, attempts: c.outcome.attempts }
      : {}),
    ...(c.outcome?.interrupted ? { interrupted: c.outcome.interrupted } : {}),
  };
}

/** A connection's counters, when the caller has them: requests by operation, throttled answers. */
type RunStats = { calls: ReadonlyMap<string, number>; throttled: number };

export function planToJson(plan: Plan, stats?: RunStats): Record<string, unknown> {
  return {
    formatVersion: plan.formatVersion,
    summary: plan.summary,
    clients: plan.clients.map(client),
    unmanaged: plan.unmanaged,
    warnings: plan.warnings,
    ...(plan.historyGaps ? { historyGaps: plan.historyGaps } : {}),
    ...(plan.skipped ? { skipped: plan.skipped } : {}),
    ...(plan.interrupted ? { interrupted: plan.interrupted } : {}),
    ...(stats ? { calls: Object.fromEntries(stats.calls), throttled: stats.throttled } : {}),
  };
}

export function renderPlanJson(plan: Plan, stats?: RunStats): string {
  return `${JSON.stringify(planToJson(plan, stats), null, 2)}\n`;
}
