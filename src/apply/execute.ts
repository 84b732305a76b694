/**
 * Applies one planned update. The request is built from a fresh read (the plan's own read when it
 * is young enough), sent once, and verified on the update's answer, which is the client as AWS
 * stored it. When the fate of a request is unknown (5xx, throttling, timeout, network error) or
 * another writer got there first (ConcurrentModificationException), the client is read again, the
 * request rebuilt from what is found, and sent only if the client still differs.
 */
import { onAbort } from "../abort.js";
import type { Clock } from "../clock.js";
import { isThrottleCode } from "../cognito/aws-errors.js";
import { CognitoError, type CognitoPort } from "../cognito/port.js";
import { RetryBudget, type RetryPolicy } from "../cognito/retry.js";
import { summarizeError } from "../errors.js";
import type { LiveClient, LiveRead } from "../model/live.js";
import type { PoolContext } from "../model/pool.js";
import { desiredConfig } from "../model/request.js";
import { diffClient } from "../plan/diff.js";
import {
  type ClientPlan,
  failEntry,
  interruptedEntry,
  type PlanError,
  type UpdateEntry,
} from "../plan/model.js";
import { liveFingerprint, planClient } from "../plan/planner.js";
import type { DeclaredClient } from "../specfile/load.js";

/** A read older than this is taken again before an update is built from it. */
export const MAX_READ_AGE_MS = 30_000;

export type ExecuteOptions = {
  clock: Clock;
  /** Waits before reading again after ConcurrentModificationException. */
  concurrency: RetryPolicy;
  /** Waits before reading again after an update whose fate is unknown. */
  retry: RetryPolicy;
  /** A read older than this (ms) is taken again before the update is built from it. */
  maxReadAgeMs: number;
  /** Applying a saved plan: a client that changed since is refused, not planned again. */
  heldToSavedPlan?: boolean;
  /** Once aborted, no further update request is sent. */
  signal?: AbortSignal | undefined;
  /** Told when an update request leaves (true) and when its answer is in (false). */
  onSending?: (sending: boolean) => void;
  /** Told when a request's answer was lost (5xx, timeout, network): it may have been stored. */
  onAnswerLost?: () => void;
  /** The pool's settings as the plan read them: a client planned again is checked against them too. */
  pool?: PoolContext | undefined;
};

type Outcome = NonNullable<ClientPlan["outcome"]>;

function failed(entry: ClientPlan, error: PlanError, outcome: Omit<Outcome, "converged">): ClientPlan {
  return { ...failEntry(entry, error), outcome: { ...outcome, converged: false } };
}

/** Compares the client AWS says it stored with its spec; a member it does not know is reported. */
function verify(
  declared: DeclaredClient,
  entry: ClientPlan,
  after: LiveClient,
  attempts: number,
): ClientPlan {
  const done = { applied: true, attempts };
  if (after.unknownMembers.length > 0) {
    const message = `updated, but AWS's answer holds field(s) ${after.unknownMembers.join(", ")} that this version of cognito-gitops does not know and did not send; check them, and upgrade cognito-gitops`;
    return failed(entry, { code: "UnknownLiveField", message }, done);
  }
  if (after.rawUnread) {
    const message =
      "updated, but AWS's answer could not be read as sent, so it cannot be checked for fields this version of cognito-gitops does not know; check the client, and please report this";
    return failed(entry, { code: "UncheckedLiveFields", message }, done);
  }
  const remaining = diffClient(declared.spec, after.config).changes;
  if (remaining.length === 0) return { ...entry, outcome: { ...done, converged: true } };
  const fields = remaining.map((c) => c.field).join(", ");
  const message = `after the update, ${fields} still differ from the spec`;
  return failed(entry, { code: "NotConverged", message }, done);
}

/** Waits `ms`, or less when the run is interrupted meanwhile. */
function pause(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return clock.sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const stopWatching = onAbort(signal, resolve);
    void clock.sleep(ms).then(() => {
      stopWatching();
      resolve();
    });
  });
}

type Failure = { kind: "concurrent" | "unknown-fate" | "final"; err: unknown };

function classify(err: unknown): Failure {
  if (err instanceof CognitoError && err.code === "ConcurrentModificationException") {
    return { kind: "concurrent", err };
  }
  if (err instanceof CognitoError && err.retryable) return { kind: "unknown-fate", err };
  return { kind: "final", err };
}

/** Said of a client whose update may have been stored though no answer said so. */
const MAYBE_STORED = "an update was sent and its answer lost, so it may have been stored";

/** One client's update from its first read to its verified answer. */
class UpdateRun {
  private attempts = 0;
  private readonly budgets: Record<"concurrent" | "unknown-fate", RetryBudget>;
  /** An earlier request may have been stored: a client found matching then counts as applied. */
  private maybeStored = false;

  constructor(
    private readonly declared: DeclaredClient,
    private readonly planned: UpdateEntry,
    private readonly port: CognitoPort,
    private readonly options: ExecuteOptions,
  ) {
    this.budgets = {
      concurrent: new RetryBudget(options.concurrency),
      "unknown-fate": new RetryBudget(options.retry),
    };
  }

  async run(first: LiveRead): Promise<ClientPlan> {
    let entry: ClientPlan = this.planned;
    let read = first;
    let fresh = this.options.clock.now() - first.at <= this.options.maxReadAgeMs;
    for (;;) {
      if (this.options.signal?.aborted) return this.stopped(entry);
      if (!fresh) {
        const next = await this.readAgain(entry, read.live);
        if ("settled" in next) return next.settled;
        ({ entry, read } = next);
        if (this.options.signal?.aborted) return this.stopped(entry);
      }
      const sent = await this.send(entry, read.live);
      if ("result" in sent) return sent.result;
      const wait = this.waitFor(sent.failure);
      if (wait === undefined) {
        const { code, message } = summarizeError(sent.failure.err);
        const error = { code, message: this.maybeStored ? `${message}; ${MAYBE_STORED}` : message };
        return this.notApplied(entry, error);
      }
      await pause(this.options.clock, wait, this.options.signal);
      fresh = false;
    }
  }

  private async send(entry: ClientPlan, live: LiveClient) {
    const { userPoolId, clientId } = live;
    let sent = false;
    const onSent = () => {
      sent = true;
      this.attempts++;
      this.options.onSending?.(true);
    };
    try {
      const config = desiredConfig(live.config, this.declared.spec);
      const request = { signal: this.options.signal, onSent };
      const { client } = await this.port.updateClient(userPoolId, clientId, config, request);
      return { result: verify(this.declared, entry, client, this.attempts) };
    } catch (err) {
      if (!sent) {
        // Interrupted while it waited for its quota slot, or failed before leaving: never sent.
        const interrupted = err instanceof CognitoError && err.code === "Interrupted";
        if (interrupted) return { result: this.stopped(entry) };
        return { result: this.notApplied(entry, summarizeError(err)) };
      }
      const failure = classify(err);
      // A throttled request was turned away unread; any other unknown fate may have been stored.
      if (failure.kind === "unknown-fate" && !isThrottleCode((err as CognitoError).code)) {
        this.maybeStored = true;
        this.options.onAnswerLost?.();
      }
      return { failure };
    } finally {
      if (sent) this.options.onSending?.(false);
    }
  }

  /** How long to wait before reading again, or undefined when the client fails here. */
  private waitFor(failure: Failure): number | undefined {
    return failure.kind === "final" ? undefined : this.budgets[failure.kind].next();
  }

  /** Reads the client of `last` again and plans it on what is found: still an update, or settled here. */
  private async readAgain(
    entry: ClientPlan,
    last: LiveClient,
  ): Promise<{ entry: UpdateEntry; read: LiveRead } | { settled: ClientPlan }> {
    const { userPoolId, clientId } = last;
    let live: LiveClient;
    try {
      live = await this.port.describeClient(userPoolId, clientId);
    } catch (err) {
      const { code, message } = summarizeError(err);
      const fate = this.maybeStored ? `; ${MAYBE_STORED}` : "";
      const error = { code, message: `reading the client before the update failed: ${message}${fate}` };
      return { settled: this.notApplied(entry, error) };
    }
    const read = { live, at: this.options.clock.now() };
    const next = planClient(this.declared, live, this.planned.region, "apply", this.options.pool);
    if (next.action === "no-op") {
      // Matching after an update whose answer was lost: that update was stored; else someone else did it.
      const done = this.maybeStored ? entry : next;
      return {
        settled: {
          ...done,
          outcome: { applied: this.maybeStored, converged: true, attempts: this.attempts },
        },
      };
    }
    if (next.action === "error") {
      return { settled: { ...next, outcome: { applied: false, converged: false, attempts: this.attempts } } };
    }
    if (this.options.heldToSavedPlan && liveFingerprint(live) !== this.planned.fingerprint) {
      const message = "its live configuration changed since the plan was made; run plan again";
      return { settled: this.notApplied(entry, { code: "StalePlan", message }) };
    }
    return { entry: next, read };
  }

  /** The entry as an error, with no update request of it answered as stored. */
  private notApplied(entry: ClientPlan, error: PlanError): ClientPlan {
    return failed(entry, error, { applied: false, attempts: this.attempts });
  }

  /** Interrupted before another request: in flight when an earlier one's answer was lost. */
  private stopped(entry: ClientPlan): ClientPlan {
    return interruptedEntry(entry, this.attempts, this.maybeStored ? "in-flight" : "not-started");
  }
}

/**
 * Sends the update for one planned client, built on `read` (taken again first when older than
 * maxReadAgeMs), and verifies AWS's answer. Never throws: failures are error entries.
 */
export function executeUpdate(
  declared: DeclaredClient,
  planned: UpdateEntry,
  read: LiveRead,
  port: CognitoPort,
  options: ExecuteOptions,
): Promise<ClientPlan> {
  return new UpdateRun(declared, planned, port, options).run(read);
}
