/**
 * `apply`: plan, then update only the clients that differ, each with its whole configuration.
 * Reads and writes draw on separate quotas, so a client's update goes out right after the read
 * that found the difference while the other reads go on. Only `--max-changes` makes every read
 * come first (it must refuse before any write); an update is then built on a read no older than
 * MAX_READ_AGE_MS, taken again when it is.
 */
import { executeUpdate, MAX_READ_AGE_MS } from "../apply/execute.js";
import { holdToSavedPlan, type SavedPlan } from "../apply/saved-plan.js";
import { type Clock, realClock } from "../clock.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../cognito/retry.js";
import { GitopsError } from "../errors.js";
import { type ClientPlan, makePlan, type Plan } from "../plan/model.js";
import type { DeclaredClient, SpecFile } from "../specfile/load.js";
import { type PlanEntry, type PlanOptions, planSpecs, sharedConnect, whenAborted } from "./plan.js";

export type ApplyOptions = PlanOptions & {
  /** Apply exactly this saved plan: clients whose live state or spec moved on are refused. */
  savedPlan?: SavedPlan | undefined;
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
};

/** The plan as applied: every entry carries its outcome; failed updates are error entries. */
export type ApplyResult = { plan: Plan };

/** After an interrupt, updates in flight get this long to answer before the report is printed. */
export const INTERRUPT_GRACE_MS = 5_000;

/** Whether every client of an applied plan converged (and none is in error). */
export function converged(plan: Plan): boolean {
  return plan.summary.error === 0 && plan.clients.every((c) => c.outcome?.converged !== false);
}

function refuseAboveMax(
  entries: readonly PlanEntry[],
  hold: (e: PlanEntry) => ClientPlan,
  max: number,
): void {
  const updates = entries.filter((e) => hold(e).action === "update").length;
  if (updates > max) {
    throw new GitopsError(
      "TooManyChanges",
      `${updates} clients would change, more than the max-changes limit of ${max}; nothing was changed`,
    );
  }
}

/** The updates of one run: started as entries come, tracked until their answers are in. */
class Updates {
  private readonly running = new Map<DeclaredClient, Promise<ClientPlan>>();
  private readonly results = new Map<DeclaredClient, ClientPlan>();
  private readonly sending = new Set<DeclaredClient>();
  /** Update requests sent per client so far (an interrupted one has no result to say it). */
  private readonly sent = new Map<DeclaredClient, number>();
  private done = 0;
  total = 0;

  constructor(
    private readonly options: ApplyOptions & { connect: PlanOptions["connect"]; clock: Clock },
    private readonly hold: (e: PlanEntry) => ClientPlan,
  ) {}

  start(entry: PlanEntry): void {
    const planned = this.hold(entry);
    if (planned.action !== "update" || !entry.read || this.options.signal?.aborted) return;
    const { declared } = entry;
    this.total++;
    const o = this.options;
    const result = executeUpdate(declared, planned, entry.read, o.connect(planned.region), {
      clock: o.clock,
      concurrency: o.concurrency ?? DEFAULT_RETRY,
      retry: o.retry ?? DEFAULT_RETRY,
      maxReadAgeMs: o.maxReadAgeMs ?? MAX_READ_AGE_MS,
      heldToSavedPlan: o.savedPlan !== undefined,
      signal: o.signal,
      onSending: (on) => {
        if (!on) {
          this.sending.delete(declared);
          return;
        }
        this.sending.add(declared);
        this.sent.set(declared, (this.sent.get(declared) ?? 0) + 1);
      },
    }).then((r) => {
      this.results.set(declared, r);
      o.onProgress?.("update", ++this.done, this.total);
      return r;
    });
    this.running.set(declared, result);
  }

  /** Waits for every update; once interrupted, for at most the grace period. */
  async settle(): Promise<void> {
    const all = Promise.all(this.running.values());
    const grace = whenAborted(this.options.signal).then(() =>
      this.options.clock.sleep(this.options.graceMs ?? INTERRUPT_GRACE_MS),
    );
    await Promise.race([all, grace]);
  }

  /** The entry as applied, from what the plan found and what its update did. */
  outcome(entry: PlanEntry): ClientPlan {
    const planned = entry.notRead ? entry.plan : this.hold(entry);
    const attempts = this.sent.get(entry.declared) ?? 0;
    const interrupted = (state: "in-flight" | "not-started"): ClientPlan => ({
      ...planned,
      outcome: { applied: false, converged: false, attempts, interrupted: state },
    });
    if (entry.notRead) return interrupted("not-started");
    const result = this.results.get(entry.declared);
    if (result) return result;
    if (planned.action === "update" && entry.read) {
      return interrupted(this.sending.has(entry.declared) ? "in-flight" : "not-started");
    }
    return { ...planned, outcome: { applied: false, converged: planned.action === "no-op", attempts: 0 } };
  }
}

export async function applySpecs(specs: readonly SpecFile[], options: ApplyOptions): Promise<ApplyResult> {
  const connect = sharedConnect(options.connect);
  const clock = options.clock ?? realClock;
  const held = new Map<DeclaredClient, ClientPlan>();
  const hold = (e: PlanEntry): ClientPlan => {
    let h = held.get(e.declared);
    if (!h) {
      h = options.savedPlan ? holdToSavedPlan(e.plan, options.savedPlan) : e.plan;
      held.set(e.declared, h);
    }
    return h;
  };
  const updates = new Updates({ ...options, connect, clock }, hold);
  // --max-changes must refuse before any write, so only then does every read come first.
  const gated = options.maxChanges !== undefined;
  const run = await planSpecs(
    specs,
    { ...options, connect, clock },
    gated ? undefined : (e) => updates.start(e),
  );
  if (gated && !options.signal?.aborted) {
    refuseAboveMax(run.entries, hold, options.maxChanges ?? 0);
    for (const e of run.entries) updates.start(e);
  }
  await updates.settle();
  const signal = options.signal?.aborted ? String(options.signal.reason ?? "interrupt") : undefined;
  return {
    plan: makePlan(
      run.entries.map((e) => updates.outcome(e)),
      run.plan.unmanaged,
      { skipped: run.plan.skipped, interrupted: signal ? { signal } : undefined },
    ),
  };
}
