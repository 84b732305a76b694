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
function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(policy.random() * ceiling);
}

/**
 * What one operation may still spend on retries under a policy: attempts in all, and time waited
 * (plus, when the caller counts it, the time failed attempts took). Shared by withRetry and by
 * apply, which reads the client again between attempts instead of resending.
 */
export class RetryBudget {
  private failures = 0;
  private waited = 0;

  constructor(private readonly policy: RetryPolicy) {}

  /** After a failed attempt: the wait before the next one, or undefined once the budget is spent. */
  next(failedMs = 0): number | undefined {
    const n = ++this.failures;
    if (n >= this.policy.maxAttempts) return undefined;
    const delay = backoffDelay(this.policy, n);
    if (this.waited + delay + failedMs > this.policy.maxTotalDelayMs) return undefined;
    this.waited += delay;
    return delay;
  }
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
  const budget = new RetryBudget(options.policy);
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (err) {
      if (!options.retryable(err)) throw new RetriesExhausted(err, attempt);
      const delay = budget.next(options.failedMs?.() ?? 0);
      if (delay === undefined) throw new RetriesExhausted(err, attempt);
      options.onRetry?.(err);
      await options.clock.sleep(delay);
    }
  }
}
