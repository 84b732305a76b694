/** `apply`: plan, then update only the clients that differ, each with its whole configuration. */
import { executeUpdate } from "../apply/execute.js";
import { holdToSavedPlan, type SavedPlan, vanishedUpdates } from "../apply/saved-plan.js";
import { type Clock, realClock } from "../clock.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../cognito/retry.js";
import { GitopsError } from "../errors.js";
import type { Severity } from "../model/risk-ids.js";
import { type ClientPlan, makePlan, type Plan } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import { plural } from "../render/values.js";
import type { SpecFile } from "../specfile/load.js";
import { type PlanOptions, planSpecs, sharedConnect } from "./plan.js";

export type ApplyOptions = PlanOptions & {
  /** Apply exactly this saved plan: clients whose live state or spec moved on are refused. */
  savedPlan?: SavedPlan | undefined;
  /**
   * Checks the fresh plan before any write (the Action holds it to the reviewed plan): returns the
   * saved plan to hold the apply to, or throws to refuse the whole apply.
   */
  review?: ((fresh: Plan) => Promise<SavedPlan | undefined>) | undefined;
  /** Refuse the whole apply, before any write, when more clients than this would change. */
  maxChanges?: number | undefined;
  clock?: Clock;
  /** Re-reads after ConcurrentModificationException: attempts and waits. */
  concurrency?: RetryPolicy;
  /** Refuse the whole apply, before any write, when an unaccepted risk of this severity or above is planned. */
  failOnRisk?: Severity | undefined;
};

/** apply refused by --fail-on-risk: nothing was written; `plan` is what it would have done. */
export class RiskRefusedError extends GitopsError {
  constructor(
    readonly plan: Plan,
    message: string,
  ) {
    super("RiskRefused", message);
  }
}

/** The plan as applied: every entry carries its outcome; failed updates are error entries. */
export type ApplyResult = { plan: Plan };

/** Whether every client of an applied plan converged (and none is in error). */
export function converged(plan: Plan): boolean {
  return plan.summary.error === 0 && plan.clients.every((c) => c.outcome?.converged !== false);
}

export async function applySpecs(specs: readonly SpecFile[], options: ApplyOptions): Promise<ApplyResult> {
  const connect = sharedConnect(options.connect);
  const { entries, plan } = await planSpecs(specs, { ...options, connect });
  const savedPlan = options.savedPlan ?? (await options.review?.(plan));
  const held = entries.map((e) => ({
    ...e,
    plan: savedPlan ? holdToSavedPlan(e.plan, savedPlan) : e.plan,
  }));
  // Only what would be written is judged: an error entry is not applied.
  const toWrite = held.filter((e) => e.plan.action === "update").map((e) => e.plan);
  const verdict = riskVerdict(toWrite, options.failOnRisk);
  if (verdict) {
    const proposed = makePlan(
      held.map((e) => e.plan),
      plan.unmanaged,
      plan.warnings,
    );
    throw new RiskRefusedError(proposed, `apply refused: ${verdict}; nothing was changed`);
  }
  const updates = toWrite.length;
  if (options.maxChanges !== undefined && updates > options.maxChanges) {
    throw new GitopsError(
      "TooManyChanges",
      `${plural(updates, "client")} would change, more than the max-changes limit of ${options.maxChanges}; nothing was changed`,
    );
  }
  const execute = {
    clock: options.clock ?? realClock,
    concurrency: options.concurrency ?? DEFAULT_RETRY,
    heldToSavedPlan: savedPlan !== undefined,
  };
  let done = 0;
  const applied = await Promise.all(
    held.map(async ({ declared, plan: entry, live, pool }): Promise<ClientPlan> => {
      if (entry.action !== "update" || !live) {
        return { ...entry, outcome: { applied: false, converged: entry.action === "no-op", attempts: 0 } };
      }
      const result = await executeUpdate(declared, entry, live, connect(entry.region), { ...execute, pool });
      options.onProgress?.("update", ++done, updates);
      return result;
    }),
  );
  const vanished = options.savedPlan ? vanishedUpdates(options.savedPlan, plan.clients, options) : [];
  return { plan: makePlan([...applied, ...vanished], plan.unmanaged, plan.warnings) };
}
