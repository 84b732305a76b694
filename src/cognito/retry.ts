/** Bounded retries with exponential backoff and full jitter. Time and randomness are injected. */
import type { Clock } from "../clock.js";

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The most time spent waiting between attempts, in all. */
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
  },
): Promise<{ value: T; attempts: number }> {
  const { policy, clock } = options;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (err) {
      if (!options.retryable(err)) throw new RetriesExhausted(err, attempt);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(policy.random() * ceiling);
      if (attempt >= policy.maxAttempts || waited + delay > policy.maxTotalDelayMs) {
        throw new RetriesExhausted(err, attempt);
      }
      options.onRetry?.(err);
      waited += delay;
      await clock.sleep(delay);
    }
  }
}
