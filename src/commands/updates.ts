/**
 * The updates of one apply: each started as soon as its entry is planned (or, when the apply must
 * see every change first, once all are), tracked until its answer is in, and reported with what
 * it did, also when the run is interrupted.
 */
import { whenAborted } from "../abort.js";
import { executeUpdate, MAX_READ_AGE_MS } from "../apply/execute.js";
import type { Clock } from "../clock.js";
import type { Connect } from "../cognito/port.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../cognito/retry.js";
import { type ClientPlan, interruptedEntry } from "../plan/model.js";
import type { DeclaredClient } from "../specfile/load.js";
import type { PlanEntry, Progress } from "./plan.js";

/** After an interrupt, updates in flight get this long to answer before the report is printed. */
const INTERRUPT_GRACE_MS = 5_000;

export type UpdatesOptions = {
  connect: Connect;
  clock: Clock;
  concurrency?: RetryPolicy | undefined;
  retry?: RetryPolicy | undefined;
  maxReadAgeMs?: number | undefined;
  heldToSavedPlan: () => boolean;
  signal?: AbortSignal | undefined;
  graceMs?: number | undefined;
  onProgress?: Progress | undefined;
};

export class Updates {
  /** The updates started, each until its answer is in. */
  private readonly running: Promise<ClientPlan>[] = [];
  /** The entries whose update was started, in the order they were. */
  private readonly started: PlanEntry[] = [];
  private readonly results = new Map<DeclaredClient, ClientPlan>();
  private readonly sending = new Set<DeclaredClient>();
  /** Clients an update was sent to whose answer was lost: it may have been stored. */
  private readonly answerLost = new Set<DeclaredClient>();
  /** Update requests sent per client so far (an interrupted one has no result to say it). */
  private readonly sent = new Map<DeclaredClient, number>();
  private done = 0;

  constructor(
    private readonly options: UpdatesOptions,
    /** The entry as apply may write it: held to a saved plan, when there is one. */
    private readonly hold: (e: PlanEntry) => ClientPlan,
  ) {}

  start(entry: PlanEntry): void {
    const planned = this.hold(entry);
    const o = this.options;
    if (planned.action !== "update" || !entry.read || o.signal?.aborted) return;
    const { declared } = entry;
    this.started.push(entry);
    const result = executeUpdate(declared, planned, entry.read, o.connect(planned.region), {
      clock: o.clock,
      concurrency: o.concurrency ?? DEFAULT_RETRY,
      retry: o.retry ?? DEFAULT_RETRY,
      maxReadAgeMs: o.maxReadAgeMs ?? MAX_READ_AGE_MS,
      heldToSavedPlan: o.heldToSavedPlan(),
      signal: o.signal,
      pool: entry.pool,
      onSending: (on) => {
        if (!on) {
          this.sending.delete(declared);
          return;
        }
        this.sending.add(declared);
        this.sent.set(declared, (this.sent.get(declared) ?? 0) + 1);
      },
      onAnswerLost: () => this.answerLost.add(declared),
    }).then((r) => {
      this.results.set(declared, r);
      o.onProgress?.("update", ++this.done, this.started.length);
      return r;
    });
    this.running.push(result);
  }

  /** Waits for every update; once interrupted, for at most the grace period. */
  async settle(): Promise<void> {
    const all = Promise.all(this.running);
    const grace = whenAborted(this.options.signal).then(() =>
      this.options.clock.sleep(this.options.graceMs ?? INTERRUPT_GRACE_MS),
    );
    await Promise.race([all, grace]);
  }

  /** The entries whose update was started (to report them when planning fails halfway). */
  startedEntries(): readonly PlanEntry[] {
    return this.started;
  }

  /** The entry as applied, from what the plan found and what its update did. */
  outcome(entry: PlanEntry): ClientPlan {
    const planned = entry.notRead ? entry.plan : this.hold(entry);
    const attempts = this.sent.get(entry.declared) ?? 0;
    if (entry.notRead) return interruptedEntry(planned, attempts, "not-started");
    const result = this.results.get(entry.declared);
    if (result) return result;
    if (planned.action === "update" && entry.read) {
      const unsure = this.sending.has(entry.declared) || this.answerLost.has(entry.declared);
      return interruptedEntry(planned, attempts, unsure ? "in-flight" : "not-started");
    }
    return { ...planned, outcome: { applied: false, converged: planned.action === "no-op", attempts: 0 } };
  }
}
