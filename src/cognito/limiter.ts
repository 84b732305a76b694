/**
 * Keeps requests within Cognito's quotas: one bucket per account category (client reads, client
 * updates) and one per pool and operation. Each request reserves the next slot in every bucket it
 * draws on (GCRA, without burst), so the configured rates are never exceeded, however many
 * requests are in flight. When AWS still throttles, the category's rate is halved, then recovers.
 */

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type Category = "read" | "write";

export type Rates = {
  /** Requests per second per account and Region for Describe + List. */
  accountRead: number;
  /** Requests per second per account and Region for Create + Update. */
  accountWrite: number;
  /** Requests per second for one operation on one user pool. */
  poolOperation: number;
};

/** Cognito's documented quotas (UserPoolClientRead / UserPoolClientUpdate categories). */
export const DEFAULT_RATES: Rates = { accountRead: 15, accountWrite: 15, poolOperation: 5 };

class Bucket {
  /** When the next request may start (ms on the clock). */
  private next = Number.NEGATIVE_INFINITY;
  constructor(public rate: number) {}

  earliest(now: number): number {
    return Math.max(now, this.next);
  }
  reserve(at: number): void {
    this.next = at + 1000 / this.rate;
  }
}

export type LimiterStats = { throttled: number; slowdowns: number };

export class RateLimiter {
  private readonly accounts = new Map<Category, Bucket>();
  private readonly pools = new Map<string, Bucket>();
  /** Current fraction of the configured rates, lowered on throttling. */
  private readonly factor = new Map<Category, number>([
    ["read", 1],
    ["write", 1],
  ]);
  private successesSinceSlowdown = 0;
  readonly stats: LimiterStats = { throttled: 0, slowdowns: 0 };

  constructor(
    private readonly rates: Rates,
    private readonly clock: Clock = realClock,
    private readonly onNotice: (message: string) => void = () => {},
  ) {}

  private accountBucket(category: Category): Bucket {
    let b = this.accounts.get(category);
    if (!b) {
      b = new Bucket(category === "read" ? this.rates.accountRead : this.rates.accountWrite);
      this.accounts.set(category, b);
    }
    return b;
  }

  private poolBucket(poolId: string, operation: string): Bucket {
    const key = `${poolId}\u0000${operation}`;
    let b = this.pools.get(key);
    if (!b) {
      b = new Bucket(this.rates.poolOperation);
      this.pools.set(key, b);
    }
    return b;
  }

  /** Waits for this request's slot. Reservations are made in call order, so waiting is fair. */
  async acquire(category: Category, poolId: string, operation: string): Promise<void> {
    const buckets = [this.accountBucket(category), this.poolBucket(poolId, operation)];
    const now = this.clock.now();
    const at = Math.max(...buckets.map((b) => b.earliest(now)));
    for (const b of buckets) b.reserve(at);
    if (at > now) await this.clock.sleep(at - now);
  }

  /** AWS throttled a request anyway (other callers share the quota): halve the category's rate. */
  throttled(category: Category): void {
    this.stats.throttled++;
    const f = this.factor.get(category) ?? 1;
    const next = Math.max(f / 2, 1 / 16);
    if (next === f) return;
    this.factor.set(category, next);
    this.stats.slowdowns++;
    this.successesSinceSlowdown = 0;
    this.applyFactor(category);
    if (this.stats.slowdowns === 1) {
      this.onNotice(
        `Cognito is throttling requests (other callers may share the account's quota); slowing down and retrying`,
      );
    }
  }

  /** A request went through: recover the rate step by step. */
  succeeded(category: Category): void {
    const f = this.factor.get(category) ?? 1;
    if (f >= 1) return;
    if (++this.successesSinceSlowdown < 10) return;
    this.successesSinceSlowdown = 0;
    this.factor.set(category, Math.min(1, f * 1.25));
    this.applyFactor(category);
  }

  private applyFactor(category: Category): void {
    const f = this.factor.get(category) ?? 1;
    const base = category === "read" ? this.rates.accountRead : this.rates.accountWrite;
    this.accountBucket(category).rate = base * f;
    for (const [key, b] of this.pools) {
      const op = key.slice(key.indexOf("\u0000") + 1);
      if (isCategory(op, category)) b.rate = this.rates.poolOperation * f;
    }
  }
}

const WRITE_OPERATIONS = new Set(["UpdateUserPoolClient", "CreateUserPoolClient", "DeleteUserPoolClient"]);

export function categoryOf(operation: string): Category {
  return WRITE_OPERATIONS.has(operation) ? "write" : "read";
}

function isCategory(operation: string, category: Category): boolean {
  return categoryOf(operation) === category;
}
