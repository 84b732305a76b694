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
    patch: c.patch,
    ...(c.fingerprint ? { fingerprint: c.fingerprint } : {}),
    specFingerprint: c.specFingerprint,
    ...(c.lastModifiedDate ? { lastModifiedDate: c.lastModifiedDate } : {}),
    ...(c.error ? { error: c.error } : {}),
  };
}

/** Per-client fields a caller adds (apply's outcome), by the client's index. */
export type ClientExtra = (index: number) => Record<string, unknown>;

export function planToJson(
  plan: Plan,
  extra: Record<string, unknown> = {},
  clientExtra: ClientExtra = () => ({}),
): Record<string, unknown> {
  return {
    formatVersion: plan.formatVersion,
    summary: plan.summary,
    clients: plan.clients.map((c, i) => ({ ...client(c), ...clientExtra(i) })),
    unmanaged: plan.unmanaged,
    ...extra,
  };
}

export function renderPlanJson(
  plan: Plan,
  extra: Record<string, unknown> = {},
  clientExtra?: ClientExtra,
): string {
  return `${JSON.stringify(planToJson(plan, extra, clientExtra), null, 2)}\n`;
}
