/** The plan: data, not text. Renderers turn it into text, Markdown or JSON. */
import type { Operation } from "fast-json-patch";
import type { FieldKey } from "../model/fields.js";
import type { Duration } from "../model/normalize.js";
import type { RiskRuleId, RiskSeverity } from "../model/risk-ids.js";

/** What a report is about: a plan before apply, drift on a schedule, or an apply's result. */
export type ReportMode = "plan" | "drift" | "apply";

export type Action = "no-op" | "update" | "error";

/** Why live differs from the spec, in a drift run: see commands/drift.ts. */
export type DriftCause = "outside-git" | "unapplied" | "unknown";

/** A commit of a spec file. `date` is the committer date, ISO 8601. */
export type CommitRef = { commit: string; date: string; subject: string };

/**
 * What every change has: its field, and in a drift run why it drifted. `since` is the commit that
 * changed the spec away from the live value (an `unapplied` change; absent when that change is
 * not committed yet).
 */
type ChangeBase = { field: FieldKey; cause?: DriftCause; since?: CommitRef };

/** A set field: which items were removed and which added (both sorted); order never counts. */
export type SetChange = ChangeBase & {
  kind: "set";
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
};
/** A token lifetime, each side in its largest exact unit; null when not set. */
export type DurationChange = ChangeBase & {
  kind: "duration";
  before: Duration | null;
  after: Duration | null;
};
/** An object field (analyticsConfiguration, refreshTokenRotation); null when not set. */
export type ObjectChange = ChangeBase & {
  kind: "object";
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};
/** A string, number, boolean or enum; null when not set. */
export type ScalarChange = ChangeBase & {
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

/** A finding of the security review: a change that weakens the client, by one rule of plan/risks.ts. */
export type Risk = {
  rule: RiskRuleId;
  severity: RiskSeverity;
  field: FieldKey;
  message: string;
  /** Named in the client's `acceptRisks`: shown, never counted by --fail-on-risk. */
  accepted: boolean;
};

/** Unaccepted findings by severity, and how many were accepted. */
export type RiskCounts = Record<RiskSeverity, number> & { accepted: number };

/** Drifted fields of a drift run, by cause. */
export type DriftCounts = { outsideGit: number; unapplied: number; unknown: number };

/** Why a drift run could not read the Git history of some spec files (their causes are `unknown`). */
export type HistoryGap = {
  reason: "no-git" | "not-a-repository" | "shallow" | "not-committed" | "git-error";
  /** What Git said, or which files. */
  detail: string;
  files: string[];
};

/** What apply did for a client. */
export type ApplyOutcome = {
  /** An update request succeeded. */
  applied: boolean;
  /** The client matches its spec now (no-op entries converge without a write). */
  converged: boolean;
  /** UpdateUserPoolClient requests sent, retries included. */
  attempts: number;
  /**
   * Set when the run was interrupted before this client was done: `in-flight` (an update request
   * was out and its answer never came, or was lost: it may or may not be stored) or `not-started`
   * (no update was sent, or one AWS refused or throttled was not retried; or the client was not
   * even read).
   */
  interrupted?: "in-flight" | "not-started";
};

type Planned = {
  userPoolId: string;
  region: string;
  clientId?: string;
  clientName?: string;
  source: { file: string; line: number };
  changes: Change[];
  /** The security review of the changes: plan and apply judge live -> spec, drift spec -> live. */
  risks: Risk[];
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

export type PlanSummary = {
  clients: number;
  update: number;
  noOp: number;
  error: number;
  unmanaged: number;
  risks: RiskCounts;
  /** Drift runs only. */
  drift?: DriftCounts;
};

/** Spec clients left out of the run because their spec entries did not change since a Git ref. */
export type Skipped = { clients: number; unchangedSince: string };

/** A run stopped by a signal: the report says what was done before it. */
export type Interrupted = { signal: string };

export type Plan = {
  formatVersion: 1;
  summary: PlanSummary;
  clients: ClientPlan[];
  unmanaged: UnmanagedClient[];
  /** Warnings about whole pools (pool checks skipped); per-client ones are on the entries. */
  warnings: PoolWarning[];
  /** Drift runs only: spec files whose history could not be read. */
  historyGaps?: HistoryGap[];
  skipped?: Skipped;
  interrupted?: Interrupted;
};

/** The same entry as an error: the client is not written. */
export function failEntry(entry: ClientPlan, error: PlanError): ErrorEntry {
  return { ...entry, action: "error", error };
}

/** The entry as an interrupted apply left it: not applied, and whether an update may be out. */
export function interruptedEntry(
  entry: ClientPlan,
  attempts: number,
  state: NonNullable<ApplyOutcome["interrupted"]>,
): ClientPlan {
  return { ...entry, outcome: { applied: false, converged: false, attempts, interrupted: state } };
}

function countRisks(clients: readonly ClientPlan[]): RiskCounts {
  const counts: RiskCounts = { high: 0, medium: 0, low: 0, accepted: 0 };
  for (const r of clients.flatMap((c) => c.risks)) {
    if (r.accepted) counts.accepted++;
    else counts[r.severity]++;
  }
  return counts;
}

function countCauses(clients: readonly ClientPlan[]): DriftCounts {
  const counts: DriftCounts = { outsideGit: 0, unapplied: 0, unknown: 0 };
  for (const ch of clients.flatMap((c) => c.changes)) {
    if (ch.cause === "outside-git") counts.outsideGit++;
    else if (ch.cause === "unapplied") counts.unapplied++;
    else counts.unknown++;
  }
  return counts;
}

/** The run's counts; `drift` only for a drift run. */
export function summarize(
  clients: readonly ClientPlan[],
  unmanaged: readonly UnmanagedClient[],
  drift = false,
): PlanSummary {
  const count = (a: Action) => clients.filter((c) => c.action === a).length;
  return {
    clients: clients.length,
    update: count("update"),
    noOp: count("no-op"),
    error: count("error"),
    unmanaged: unmanaged.length,
    risks: countRisks(clients),
    ...(drift ? { drift: countCauses(clients) } : {}),
  };
}

export function makePlan(
  clients: ClientPlan[],
  unmanaged: UnmanagedClient[],
  warnings: PoolWarning[] = [],
  extra: { skipped?: Skipped | undefined; interrupted?: Interrupted | undefined } = {},
): Plan {
  return {
    formatVersion: 1,
    summary: summarize(clients, unmanaged),
    clients,
    unmanaged,
    warnings,
    ...(extra.skipped ? { skipped: extra.skipped } : {}),
    ...(extra.interrupted ? { interrupted: extra.interrupted } : {}),
  };
}

export function hasChanges(plan: Plan): boolean {
  return plan.summary.update > 0;
}

/** Whether every client converged (an applied plan) and none is in error. */
export function converged(plan: Plan): boolean {
  return plan.summary.error === 0 && plan.clients.every((c) => c.outcome?.converged !== false);
}
