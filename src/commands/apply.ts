/** `apply`: plan, then update only the clients that differ, each with its whole configuration. */
import { executeUpdate, type Outcome } from "../apply/execute.js";
import { holdToSavedPlan, type SavedPlan } from "../apply/saved-plan.js";
import { type Clock, realClock } from "../cognito/limiter.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../cognito/retry.js";
import { GitopsError } from "../errors.js";
import { makePlan, type Plan } from "../plan/model.js";
import type { SpecFile } from "../spec/load.js";
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

export type ApplyResult = {
  /** The plan as applied: failed updates are error entries. */
  plan: Plan;
  /** Per client of `plan.clients`, in the same order. */
  outcomes: Outcome[];
};

export async function applySpecs(specs: readonly SpecFile[], options: ApplyOptions): Promise<ApplyResult> {
  const connect = sharedConnect(options.connect);
  const { entries, plan } = await planSpecs(specs, { ...options, connect });
  const held = entries.map((e) => ({
    ...e,
    plan: options.savedPlan ? holdToSavedPlan(e.plan, options.savedPlan) : e.plan,
  }));
  const updates = held.filter((e) => e.plan.action === "update");
  if (options.maxChanges !== undefined && updates.length > options.maxChanges) {
    throw new GitopsError(
      "TooManyChanges",
      `${updates.length} clients would change, more than the max-changes limit of ${options.maxChanges}; nothing was changed`,
    );
  }
  const execute = {
    clock: options.clock ?? realClock,
    concurrency: options.concurrency ?? DEFAULT_RETRY,
    heldToSavedPlan: options.savedPlan !== undefined,
  };
  let done = 0;
  const outcomes = await Promise.all(
    held.map(async (e): Promise<Outcome> => {
      if (e.plan.action !== "update" || !e.live) {
        return { plan: e.plan, applied: false, converged: e.plan.action === "no-op", attempts: 0 };
      }
      const outcome = await executeUpdate(e.spec, e.plan, e.live, connect(e.plan.region), execute);
      options.onProgress?.("update", ++done, updates.length);
      return outcome;
    }),
  );
  return {
    plan: makePlan(
      outcomes.map((o) => o.plan),
      plan.unmanaged,
    ),
    outcomes,
  };
}
