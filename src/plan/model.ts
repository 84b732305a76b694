/** The plan: data, not text. Renderers turn it into text, Markdown or JSON. */
import type { Operation } from "fast-json-patch";
import type { FieldKey } from "../model/fields.js";
import type { Duration } from "../model/normalize.js";

/** What a report is about: a plan before apply, drift on a schedule, or an apply's result. */
export type ReportMode = "plan" | "drift" | "apply";

export type Action = "no-op" | "update" | "error";

/** A set field: which items were removed and which added (both sorted); order never counts. */
export type SetChange = {
  field: FieldKey;
  kind: "set";
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
};
/** A token lifetime, each side in its largest exact unit; null when not set. */
export type DurationChange = {
  field: FieldKey;
  kind: "duration";
  before: Duration | null;
  after: Duration | null;
};
/** An object field (analyticsConfiguration, refreshTokenRotation); null when not set. */
export type ObjectChange = {
  field: FieldKey;
  kind: "object";
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
/** A string, number, boolean or enum; null when not set. */
export type ScalarChange = {
  field: FieldKey;
  kind: "scalar";
  before: string | number | boolean | null;
  after: string | number | boolean | null;
};
/** One changed field, typed by its kind in the field table. */
export type Change = SetChange | DurationChange | ObjectChange | ScalarChange;

export type PlanError = { code: string; message: string };

/** Worth a reader's attention, never a reason to stop: a client that cannot refresh its tokens. */
export type PlanWarning = { rule: string; message: string };

/** Something a run could not do for a whole pool, such as the pool checks it had to skip. */
export type PoolWarning = { userPoolId: string; region: string; code: string; message: string };

/** What apply did for a client. */
export type ApplyOutcome = {
  /** An update request succeeded. */
  applied: boolean;
  /** The client matches its spec now (no-op entries converge without a write). */
  converged: boolean;
  /** UpdateUserPoolClient requests sent, retries included. */
  attempts: number;
};

type Planned = {
  userPoolId: string;
  region: string;
  clientId?: string;
  clientName?: string;
  source: { file: string; line: number };
  changes: Change[];
  /** RFC 6902 patch from the live to the desired normalised document. */
  patch: Operation[];
  /** Hash of the live configuration that was read (never of the secret). */
  fingerprint?: string;
  /** Hash of the client's spec, so a saved plan can tell when the spec moved on. */
  specFingerprint: string;
  /** When the live client was last changed (drift reports show it). */
  lastModifiedDate?: string;
  /** Warnings about the client's configuration (absent when none). */
  warnings?: PlanWarning[];
  /** Set by apply, on every entry of the plan it returns. */
  outcome?: ApplyOutcome;
};

export type NoOpEntry = Planned & { action: "no-op" };
export type UpdateEntry = Planned & { action: "update" };
/** A client that cannot be planned or applied: it always says why. */
export type ErrorEntry = Planned & { action: "error"; error: PlanError };
export type ClientPlan = NoOpEntry | UpdateEntry | ErrorEntry;

export type UnmanagedClient = { userPoolId: string; clientId: string; clientName: string };

export type PlanSummary = { clients: number; update: number; noOp: number; error: number; unmanaged: number };

export type Plan = {
  formatVersion: 1;
  summary: PlanSummary;
  clients: ClientPlan[];
  unmanaged: UnmanagedClient[];
  /** Warnings about whole pools (pool checks skipped); per-client ones are on the entries. */
  warnings: PoolWarning[];
};

/** The same entry as an error: the client is not written. */
export function failEntry(entry: ClientPlan, error: PlanError): ErrorEntry {
  return { ...entry, action: "error", error };
}

export function summarize(
  clients: readonly ClientPlan[],
  unmanaged: readonly UnmanagedClient[],
): PlanSummary {
  const count = (a: Action) => clients.filter((c) => c.action === a).length;
  return {
    clients: clients.length,
    update: count("update"),
    noOp: count("no-op"),
    error: count("error"),
    unmanaged: unmanaged.length,
  };
}

export function makePlan(
  clients: ClientPlan[],
  unmanaged: UnmanagedClient[],
  warnings: PoolWarning[] = [],
): Plan {
  return { formatVersion: 1, summary: summarize(clients, unmanaged), clients, unmanaged, warnings };
}

export function hasChanges(plan: Plan): boolean {
  return plan.summary.update > 0;
}
