/**
 * `apply`: plan, then update only the clients that differ, each with its whole configuration.
 * Reads and writes draw on separate quotas, so a client's update goes out right after the read
 * that found the difference while the other reads go on. What must judge every change before the
 * first write (--max-changes, --fail-on-risk, a review of the plan) makes every read come first;
 * an update is then built on a read no older than MAX_READ_AGE_MS, taken again when it is older.
 */

import { holdToSavedPlan, type SavedPlan, vanishedUpdates } from "../apply/saved-plan.js";
import { type Clock, realClock } from "../clock.js";
import { sharedConnect } from "../cognito/port.js";
import type { RetryPolicy } from "../cognito/retry.js";
import { errorLine, GitopsError, isGitopsError } from "../errors.js";
import type { RiskSeverity } from "../model/risk-ids.js";
import { type ClientPlan, makePlan, type Plan } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import type { DeclaredClient, SpecFile } from "../specfile/load.js";
import { plural } from "../text.js";
import { type PlanEntry, type PlanOptions, type PlanRun, planSpecs } from "./plan.js";
import { Updates } from "./updates.js";

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
  /** Re-reads after an update whose fate is unknown (5xx, throttling, timeout): attempts and waits. */
  retry?: RetryPolicy;
  /** An update is built on a read at most this old (ms); an older one is taken again. */
  maxReadAgeMs?: number;
  /** Once `signal` aborts, how long updates already sent may take to answer (ms). */
  graceMs?: number;
  /** Refuse the whole apply, before any write, when an unaccepted risk of this severity or above is planned. */
  failOnRisk?: RiskSeverity | undefined;
};

/** Why apply refused to write anything: an unaccepted risk (--fail-on-risk) or too many changes (--max-changes). */
export type RefusalReason = "risk" | "too-many-changes";

/** apply refused before any write: nothing was written; `plan` is what it would have done. */
export class ApplyRefusedError extends GitopsError {
  constructor(
    readonly reason: RefusalReason,
    readonly plan: Plan,
    message: string,
    /** Why, in a few words: "2 clients would change, more than max-changes 1". */
    readonly brief: string,
  ) {
    super(reason === "risk" ? "RiskRefused" : "TooManyChanges", message);
  }
}

/**
 * A failure that stopped planning (missing credentials...) after some updates had started: they
 * were waited for, and `plan` reports them, so what was written is never lost with the error.
 */
export class ApplyStoppedError extends GitopsError {
  constructor(
    readonly plan: Plan,
    code: string,
    message: string,
    override readonly cause: unknown,
  ) {
    super(code, message);
  }
}

/** Waits for the updates started before `err` stopped planning, and says what they did. */
async function stoppedAfterWrites(err: unknown, updates: Updates): Promise<unknown> {
  const started = updates.startedEntries();
  if (started.length === 0) return err;
  await updates.settle();
  const clients = started.map((e) => updates.outcome(e));
  const count = (p: (c: ClientPlan) => boolean) => clients.filter(p).length;
  const updated = count((c) => c.outcome?.applied === true);
  const inFlight = count((c) => c.outcome?.interrupted === "in-flight");
  const written = `updates had started for ${plural(clients.length, "client")} before the run stopped: ${updated} updated, ${inFlight} in flight (result unknown), ${clients.length - updated - inFlight} failed`;
  const [code, message] = isGitopsError(err)
    ? [err.code, err.message]
    : ["Unexpected", `unexpected failure: ${errorLine(err)}`];
  return new ApplyStoppedError(makePlan(clients, []), code, `${message}; ${written}`, err);
}

/** The plan as applied: every entry carries its outcome; failed updates are error entries. */
export type ApplyResult = { plan: Plan };

/** Refuses the whole apply, before any write, for what --fail-on-risk and --max-changes guard. */
function refuseBeforeAnyWrite(run: PlanRun, held: readonly ClientPlan[], options: ApplyOptions): void {
  // Only what would be written is judged: an error entry is not applied.
  const toWrite = held.filter((p) => p.action === "update");
  const proposed = () => makePlan([...held], run.plan.unmanaged, run.plan.warnings);
  const risk = riskVerdict(toWrite, options.failOnRisk);
  if (risk) {
    const message = `apply refused: ${risk.message}; nothing was changed`;
    throw new ApplyRefusedError("risk", proposed(), message, risk.brief);
  }
  const max = options.maxChanges;
  if (max !== undefined && toWrite.length > max) {
    const brief = `${plural(toWrite.length, "client")} would change, more than max-changes ${max}`;
    throw new ApplyRefusedError(
      "too-many-changes",
      proposed(),
      `${plural(toWrite.length, "client")} would change, more than the max-changes limit of ${max}; nothing was changed`,
      brief,
    );
  }
}

/**
 * Who the run's specs name: the clients it planned and those --changed-since left out, which are
 * not gone (only a spec no longer there is).
 */
function present(run: PlanRun) {
  const skipped = run.skipped.map((d) => ({
    userPoolId: d.userPoolId,
    clientId: d.spec.clientId,
    clientName: d.spec.clientName,
  }));
  return [...run.plan.clients, ...skipped];
}

export async function applySpecs(specs: readonly SpecFile[], options: ApplyOptions): Promise<ApplyResult> {
  const connect = sharedConnect(options.connect);
  const clock = options.clock ?? realClock;
  let savedPlan = options.savedPlan;
  const held = new Map<DeclaredClient, ClientPlan>();
  const hold = (e: PlanEntry): ClientPlan => {
    let h = held.get(e.declared);
    if (!h) {
      h = savedPlan ? holdToSavedPlan(e.plan, savedPlan) : e.plan;
      held.set(e.declared, h);
    }
    return h;
  };
  const updates = new Updates(
    { ...options, connect, clock, heldToSavedPlan: () => savedPlan !== undefined },
    hold,
  );
  // Whatever must judge every change before the first write makes every read come first.
  const gated =
    options.maxChanges !== undefined || options.failOnRisk !== undefined || options.review !== undefined;
  const run = await planSpecs(
    specs,
    { ...options, connect, clock },
    gated ? undefined : (e) => updates.start(e),
  ).catch(async (err: unknown) => {
    throw await stoppedAfterWrites(err, updates);
  });
  if (gated && !options.signal?.aborted) {
    savedPlan ??= await options.review?.(run.plan);
    refuseBeforeAnyWrite(
      run,
      run.entries.map((e) => hold(e)),
      options,
    );
    for (const e of run.entries) updates.start(e);
  }
  await updates.settle();
  const applied = run.entries.map((e) => updates.outcome(e));
  const vanished = options.savedPlan ? vanishedUpdates(options.savedPlan, present(run), options) : [];
  const signal = options.signal?.aborted ? String(options.signal.reason ?? "interrupt") : undefined;
  return {
    plan: makePlan([...applied, ...vanished], run.plan.unmanaged, run.plan.warnings, {
      skipped: run.plan.skipped,
      interrupted: signal ? { signal } : undefined,
    }),
  };
}
