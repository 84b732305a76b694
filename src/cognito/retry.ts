/** Bounded retries with exponential backoff and full jitter. Time and randomness are injected. */
import type { Clock } from "../clock.js";

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The most time spent retrying, in all: the waits between attempts, and the time failed
   * attempts took when the caller counts it (a request that timed out).
   */
  maxTotalDelayMs: number;
  random: () => number;
};

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxTotalDelayMs: 120_000,
  random: Math.random,
};

/** Once, no retry. */
export const NO_RETRY: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts: 1 };

/** The wait before retry number `attempt` (1 = the first retry): exponential, capped, full jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(policy.random() * ceiling);
}

export class RetriesExhausted extends Error {
  constructor(
    readonly last: unknown,
    readonly attempts: number,
  ) {
    super(last instanceof Error ? last.message : String(last));
  }
}

/** Runs `fn` until it succeeds, fails with an error `retryable` rejects, or the policy runs out. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    clock: Clock;
    retryable: (err: unknown) => boolean;
    onRetry?: (err: unknown) => void;
    /** Time the failed attempts took so far (ms), counted against maxTotalDelayMs. */
    failedMs?: () => number;
  },
): Promise<{ value: T; attempts: number }> {
  const { policy, clock } = options;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (err) {
      if (!options.retryable(err)) throw new RetriesExhausted(err, attempt);
      const delay = backoffDelay(policy, attempt);
      const spent = waited + delay + (options.failedMs?.() ?? 0);
      if (attempt >= policy.maxAttempts || spent > policy.maxTotalDelayMs) {
        throw new RetriesExhausted(err, attempt);
      }
      options.onRetry?.(err);
      waited += delay;
      await clock.sleep(delay);
    }
  }
}
