/**
 * Applies one planned update: reads the client again, sends the whole merged configuration,
 * handles concurrent modification by re-reading and rebuilding, then reads the client back.
 */
import type { Clock } from "../clock.js";
import { CognitoError, type CognitoPort } from "../cognito/port.js";
import { RetriesExhausted, type RetryPolicy, withRetry } from "../cognito/retry.js";
import { summarizeError } from "../errors.js";
import type { LiveClient } from "../model/live.js";
import type { PoolContext } from "../model/pool.js";
import { desiredConfig } from "../model/request.js";
import { diffClient } from "../plan/diff.js";
import { type ClientPlan, failEntry, type PlanError, type UpdateEntry } from "../plan/model.js";
import { liveFingerprint, planClient } from "../plan/planner.js";
import type { DeclaredClient } from "../specfile/load.js";

export type ExecuteOptions = {
  clock: Clock;
  /** Waits between re-reads after ConcurrentModificationException. */
  concurrency: RetryPolicy;
  /** Applying a saved plan: a client that changed since is refused, not planned again. */
  heldToSavedPlan?: boolean;
  /** The pool's settings as the plan read them: a client planned again is checked against them too. */
  pool?: PoolContext | undefined;
};

function isConcurrentModification(err: unknown): boolean {
  return err instanceof CognitoError && err.code === "ConcurrentModificationException";
}

/** Ends before any write: the client needs none (no-op), or may not get one (error). */
class Settled extends Error {
  constructor(readonly entry: ClientPlan) {
    super("settled");
  }
}

function failed(entry: ClientPlan, error: PlanError, attempts: number, applied = false): ClientPlan {
  return { ...failEntry(entry, error), outcome: { applied, converged: false, attempts } };
}

/** Compares the client as it stands after the update with its spec. */
async function verify(
  declared: DeclaredClient,
  entry: ClientPlan,
  live: LiveClient,
  port: CognitoPort,
  attempts: number,
): Promise<ClientPlan> {
  try {
    const after = await port.describeClient(live.userPoolId, live.clientId);
    const remaining = diffClient(declared.spec, after.config).changes;
    if (remaining.length === 0) return { ...entry, outcome: { applied: true, converged: true, attempts } };
    const fields = remaining.map((c) => c.field).join(", ");
    const message = `after the update, ${fields} still differ from the spec`;
    return failed(entry, { code: "NotConverged", message }, attempts, true);
  } catch (err) {
    const message = `updated, but reading it back failed: ${summarizeError(err).message}`;
    return failed(entry, { code: "VerifyFailed", message }, attempts, true);
  }
}

/** Sends the update for one planned client and verifies it. Never throws: failures are error entries. */
export async function executeUpdate(
  declared: DeclaredClient,
  planned: UpdateEntry,
  live: LiveClient,
  port: CognitoPort,
  options: ExecuteOptions,
): Promise<ClientPlan> {
  let attempts = 0;
  let current = live;
  let entry: ClientPlan = planned;
  const round = async () => {
    // Read again just before writing: the update replaces the whole configuration, so it must be
    // built from the client as it is now, not as the plan read it a while ago.
    const fresh = await port.describeClient(current.userPoolId, current.clientId);
    if (liveFingerprint(fresh) !== liveFingerprint(current)) {
      if (options.heldToSavedPlan) {
        const message = "its live configuration changed since the plan was made; run plan again";
        throw new Settled(failed(entry, { code: "StalePlan", message }, attempts));
      }
      entry = planClient(declared, fresh, planned.region, "apply", options.pool);
      if (entry.action !== "update") {
        throw new Settled({
          ...entry,
          outcome: { applied: false, converged: entry.action === "no-op", attempts },
        });
      }
    }
    current = fresh;
    try {
      attempts += (
        await port.updateClient(
          current.userPoolId,
          current.clientId,
          desiredConfig(current.config, declared.spec),
        )
      ).attempts;
    } catch (err) {
      attempts += err instanceof CognitoError ? err.attempts : 1;
      throw err;
    }
  };
  try {
    // Someone else changing the client at the same time: wait, read it again, rebuild, retry.
    await withRetry(round, {
      policy: options.concurrency,
      clock: options.clock,
      retryable: isConcurrentModification,
    });
  } catch (err) {
    const cause = err instanceof RetriesExhausted ? err.last : err;
    if (cause instanceof Settled) return cause.entry;
    return failed(entry, summarizeError(cause), attempts);
  }
  return verify(declared, entry, current, port, attempts);
}
