/**
 * Applies one planned update: sends the whole merged configuration, handles concurrent
 * modification by re-reading and rebuilding, then reads the client back to verify.
 */
import type { Clock } from "../cognito/limiter.js";
import { CognitoError, type CognitoPort, type LiveClient } from "../cognito/port.js";
import type { RetryPolicy } from "../cognito/retry.js";
import { summarizeError } from "../errors.js";
import { desiredConfig } from "../model/request.js";
import { diffClient } from "../plan/diff.js";
import type { ClientPlan, PlanError } from "../plan/model.js";
import { liveFingerprint, planClient } from "../plan/planner.js";
import type { SpecClient } from "../spec/load.js";

export type Outcome = {
  /** The plan entry as it stands after applying (an error entry when it failed). */
  plan: ClientPlan;
  applied: boolean;
  converged: boolean;
  /** UpdateUserPoolClient requests sent for this client, retries included. */
  attempts: number;
};

export type ExecuteOptions = {
  clock: Clock;
  /** Waits between re-reads after ConcurrentModificationException. */
  concurrency: RetryPolicy;
  /** Applying a saved plan: a client that changed since is refused, not planned again. */
  heldToSavedPlan?: boolean;
};

function failed(plan: ClientPlan, error: PlanError, attempts: number, applied = false): Outcome {
  return { plan: { ...plan, action: "error", error }, applied, converged: false, attempts };
}

function attemptsOf(err: unknown): number {
  return err instanceof CognitoError ? err.attempts : 1;
}

/** Sends the update for one planned client and verifies it. Never throws: failures are outcomes. */
export async function executeUpdate(
  spec: SpecClient,
  plan: ClientPlan,
  live: LiveClient,
  port: CognitoPort,
  options: ExecuteOptions,
): Promise<Outcome> {
  let attempts = 0;
  let current = live;
  let entry = plan;
  for (let round = 1; ; round++) {
    // Read again just before writing: the update replaces the whole configuration, so it must be
    // built from the client as it is now, not as the plan read it a while ago.
    let fresh: LiveClient;
    try {
      fresh = await port.describeClient(current.userPoolId, current.clientId);
    } catch (err) {
      return failed(entry, summarizeError(err), attempts);
    }
    if (liveFingerprint(fresh) !== liveFingerprint(current)) {
      if (options.heldToSavedPlan) {
        const message = "its live configuration changed since the plan was made; run plan again";
        return failed(entry, { code: "StalePlan", message }, attempts);
      }
      entry = planClient(spec, fresh, plan.region);
      if (entry.action === "no-op") return { plan: entry, applied: false, converged: true, attempts };
      if (entry.action === "error") return { plan: entry, applied: false, converged: false, attempts };
    }
    current = fresh;
    try {
      const sent = await port.updateClient(
        current.userPoolId,
        current.clientId,
        desiredConfig(current.config, spec.spec),
      );
      attempts += sent.attempts;
      break;
    } catch (err) {
      attempts += attemptsOf(err);
      const concurrent = err instanceof CognitoError && err.code === "ConcurrentModificationException";
      if (!concurrent || round >= options.concurrency.maxAttempts) {
        return failed(entry, summarizeError(err), attempts);
      }
      // Someone else is changing the client: wait, then read it again and rebuild the request.
      const ceiling = Math.min(
        options.concurrency.maxDelayMs,
        options.concurrency.baseDelayMs * 2 ** (round - 1),
      );
      await options.clock.sleep(Math.round(options.concurrency.random() * ceiling));
    }
  }

  // Read back and compare with what was intended.
  try {
    const after = await port.describeClient(current.userPoolId, current.clientId);
    const remaining = diffClient(spec.spec, after.config).changes;
    if (remaining.length === 0) return { plan: entry, applied: true, converged: true, attempts };
    return failed(
      entry,
      {
        code: "NotConverged",
        message: `after the update, ${remaining.map((c) => c.field).join(", ")} still differ from the spec`,
      },
      attempts,
      true,
    );
  } catch (err) {
    return failed(
      entry,
      {
        code: "VerifyFailed",
        message: `updated, but reading it back failed: ${summarizeError(err).message}`,
      },
      attempts,
      true,
    );
  }
}
