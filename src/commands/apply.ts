/** `apply`: plan, then update only the clients that differ, each with its whole configuration. */
import { executeUpdate } from "../apply/execute.js";
import { holdToSavedPlan, type SavedPlan } from "../apply/saved-plan.js";
import { type Clock, realClock } from "../clock.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../cognito/retry.js";
import { GitopsError } from "../errors.js";
import { type ClientPlan, makePlan, type Plan } from "../plan/model.js";
import type { SpecFile } from "../specfile/load.js";
import { type PlanOptions, planSpecs, sharedConnect } from "./plan.js";

export type ApplyOptions = PlanOptions & {
  /** Apply exactly this saved plan: clients whose live state or spec moved on are refused. */
  savedPlan?: SavedPlan | undefined;
  /** Refuse the whole apply, before any write, when more clients than this would change. */
  maxChanges?: number | undefined;
  clock?: Clock;
  /** Re-reads after ConcurrentModificationException: attempts and waits. */
  concurrency?: RetryPolicy;
};

/** The plan as applied: every entry carries its outcome; failed updates are error entries. */
export type ApplyResult = { plan: Plan };

/** Whether every client of an applied plan converged (and none is in error). */
export function converged(plan: Plan): boolean {
  return plan.summary.error === 0 && plan.clients.every((c) => c.outcome?.converged !== false);
}

export async function applySpecs(specs: readonly SpecFile[], options: ApplyOptions): Promise<ApplyResult> {
  const connect = sharedConnect(options.connect);
  const { entries, plan } = await planSpecs(specs, { ...options, connect });
  const held = entries.map((e) => ({
    ...e,
    plan: options.savedPlan ? holdToSavedPlan(e.plan, options.savedPlan) : e.plan,
  }));
  const updates = held.filter((e) => e.plan.action === "update").length;
  if (options.maxChanges !== undefined && updates > options.maxChanges) {
    throw new GitopsError(
      "TooManyChanges",
      `${updates} clients would change, more than the max-changes limit of ${options.maxChanges}; nothing was changed`,
    );
  }
  const execute = {
    clock: options.clock ?? realClock,
    concurrency: options.concurrency ?? DEFAULT_RETRY,
    heldToSavedPlan: options.savedPlan !== undefined,
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
  return { plan: makePlan(applied, plan.unmanaged, plan.warnings) };
}
