/**
 * Keeps requests within Cognito's quotas: one bucket per account and category (client reads,
 * client updates, pool reads, pool resource reads) and one per pool and operation. Requests wait in per-pool queues; whenever the
 * account has a free slot, a request whose pool also has one goes, from the pool with the most
 * work left (a listing weighing as the reads it brings), so the run ends at the floor
 * max(N / account rate, largest pool / pool rate).
 * When AWS throttles anyway (other callers share the quota), the category slows down, then recovers.
 */

import { onAbort } from "../abort.js";
import { type Clock, realClock } from "../clock.js";
import { CognitoError } from "./port.js";

/** A request that never left: the run was interrupted while it waited for its slot. */
function interrupted(): CognitoError {
  return new CognitoError("Interrupted", "not sent: the run was interrupted", false);
}

/**
 * Cognito's quota categories: UserPoolClientRead, UserPoolClientUpdate, UserPoolRead
 * (DescribeUserPool) and UserPoolResourceRead (ListIdentityProviders, ListResourceServers).
 */
export type Category = "read" | "write" | "poolRead" | "resourceRead";

export type Rates = {
  /** Requests per second per account and Region for Describe + List of clients. */
  accountRead: number;
  /** Requests per second per account and Region for Create + Update of clients. */
  accountWrite: number;
  /** Requests per second for one operation (or category, where AWS counts it so) on one user pool. */
  poolOperation: number;
  /** Requests per second per account and Region for DescribeUserPool (default 15). */
  accountPoolRead?: number;
  /** Requests per second per account and Region for identity provider and resource server reads (default 20). */
  accountResourceRead?: number;
};

/** Cognito's documented quotas; none of these categories is adjustable. */
export const DEFAULT_RATES: Rates = { accountRead: 15, accountWrite: 15, poolOperation: 5 };
const DEFAULT_POOL_READ = 15;
const DEFAULT_RESOURCE_READ = 20;

const OPERATION_CATEGORY: Readonly<Record<string, Category>> = {
  UpdateUserPoolClient: "write",
  CreateUserPoolClient: "write",
  DeleteUserPoolClient: "write",
  DescribeUserPool: "poolRead",
  ListIdentityProviders: "resourceRead",
  ListResourceServers: "resourceRead",
};

/** AWS counts UserPoolResourceRead per pool for the whole category, not per operation. */
const PER_POOL_CATEGORY = new Set<Category>(["resourceRead"]);

export function categoryOf(operation: string): Category {
  return OPERATION_CATEGORY[operation] ?? "read";
}

function accountRate(rates: Rates, category: Category): number {
  switch (category) {
    case "read":
      return rates.accountRead;
    case "write":
      return rates.accountWrite;
    case "poolRead":
      return rates.accountPoolRead ?? DEFAULT_POOL_READ;
    case "resourceRead":
      return rates.accountResourceRead ?? DEFAULT_RESOURCE_READ;
  }
}

const CATEGORIES: readonly Category[] = ["read", "write", "poolRead", "resourceRead"];
const perCategory = <T>(make: (c: Category) => T): Record<Category, T> =>
  Object.fromEntries(CATEGORIES.map((c) => [c, make(c)])) as Record<Category, T>;

/** Evenly spaced slots, at most one per interval. */
class Bucket {
  /** Slots are origin + n * interval, counted rather than summed, so rounding never adds up. */
  private origin = Number.NEGATIVE_INFINITY;
  private n = 0;
  constructor(private interval: number) {}

  readyAt(): number {
    return this.n === 0 ? this.origin : this.origin + this.n * this.interval;
  }
  /**
   * Takes a slot for a request that became eligible at `eligible` (when every bucket it draws on
   * was ready) and is sent at `now`. A request eligible at this bucket's slot keeps the grid, so
   * timer lateness never costs rate; a slot that idled restarts the grid at the request. Lateness
   * is caught up by at most one slot, so a stall never turns into a burst.
   */
  take(eligible: number, now: number): void {
    const at = Math.max(eligible, now - this.interval);
    if (this.n > 0 && at - this.readyAt() < 1e-6) this.n++;
    else {
      this.origin = at;
      this.n = 1;
    }
  }
  /** A new spacing from the next slot on. */
  setInterval(interval: number): void {
    this.origin = this.readyAt();
    this.n = 0;
    this.interval = interval;
  }
}

type Waiter = { seq: number; arrived: number; resolve: () => void };
type Lane = {
  category: Category;
  poolId: string;
  pool: Bucket;
  waiting: Waiter[];
  /** Other requests wait on its answers (pages of a listing). */
  gating: boolean;
  /** What a request of a gating lane weighs: the reads it is expected to bring. */
  weight: number;
};

const GATING_OPERATIONS = new Set(["ListUserPoolClients"]);

/** A listing page brings up to 60 clients to read: unless told otherwise, it weighs that much. */
const GATING_WEIGHT = 60;

function weight(lane: Lane): number {
  return lane.gating ? lane.waiting.length * lane.weight : lane.waiting.length;
}

export type AcquireOptions = {
  /** Aborting it takes the request out of the queue; the wait then fails with `Interrupted`. */
  signal?: AbortSignal | undefined;
  /** For a listing: how many reads its pages are expected to bring (the pool's work to come). */
  weight?: number | undefined;
};

/**
 * Which of two lanes that may both go now goes first: the one whose pool has the most work left
 * in that category (its pool's own rate makes it the critical path; a listing counts for the
 * reads it will bring), then a listing, then the longest-waiting request.
 */
function goesFirst(a: Lane, b: Lane, work: (lane: Lane) => number): boolean {
  const wa = work(a);
  const wb = work(b);
  if (wa !== wb) return wa > wb;
  if (a.gating !== b.gating) return a.gating;
  return (a.waiting[0]?.seq ?? 0) < (b.waiting[0]?.seq ?? 0);
}

/** Times it slowed down (throttled requests are counted in CallStats, by the adapter). */
export type LimiterStats = { slowdowns: number };

export class RateLimiter {
  private readonly accounts: Record<Category, Bucket>;
  private readonly lanes = new Map<string, Lane>();
  private readonly factor: Record<Category, number> = perCategory(() => 1);
  private successes: Record<Category, number> = perCategory(() => 0);
  private seq = 0;
  private wakeAt = Number.POSITIVE_INFINITY;
  readonly stats: LimiterStats = { slowdowns: 0 };

  constructor(
    private readonly rates: Rates,
    private readonly clock: Clock = realClock,
    private readonly onNotice: (message: string) => void = () => {},
  ) {
    this.accounts = perCategory((c) => new Bucket(1000 / accountRate(rates, c)));
  }

  /** Waits for this request's slot in its account category and its pool's operation. */
  acquire(
    category: Category,
    poolId: string,
    operation: string,
    options: AcquireOptions = {},
  ): Promise<void> {
    const { signal } = options;
    const key = `${poolId}\u0000${PER_POOL_CATEGORY.has(category) ? category : operation}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        category,
        poolId,
        pool: new Bucket(1000 / (this.rates.poolOperation * this.factor[category])),
        waiting: [],
        gating: GATING_OPERATIONS.has(operation),
        weight: GATING_WEIGHT,
      };
      this.lanes.set(key, lane);
    }
    if (options.weight !== undefined) lane.weight = Math.max(1, options.weight);
    const waiting = lane.waiting;
    const arrived = this.clock.now();
    if (signal?.aborted) return Promise.reject(interrupted());
    const granted = new Promise<void>((resolve, reject) => {
      let stopWatching = () => {};
      const waiter: Waiter = {
        seq: this.seq++,
        arrived,
        resolve: () => {
          stopWatching();
          resolve();
        },
      };
      waiting.push(waiter);
      if (signal) {
        stopWatching = onAbort(signal, () => {
          const at = waiting.indexOf(waiter);
          if (at < 0) return; // already granted
          waiting.splice(at, 1);
          reject(interrupted());
        });
      }
    });
    this.pumpSoon();
    return granted;
  }

  private pumpScheduled = false;

  /**
   * Pumps once the requests arriving together are all queued, so the first slot goes to the
   * busiest pool rather than to whichever request happened to arrive first.
   */
  private pumpSoon(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    void this.clock.sleep(0).then(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Grants every request that may go now, then sleeps until the next one may. */
  private pump(): void {
    const now = this.clock.now();
    const readyAt = (lane: Lane) => Math.max(this.accounts[lane.category].readyAt(), lane.pool.readyAt());
    for (;;) {
      const pools = new Map<string, number>();
      const key = (lane: Lane) => `${lane.category}\u0000${lane.poolId}`;
      for (const l of this.lanes.values()) pools.set(key(l), (pools.get(key(l)) ?? 0) + weight(l));
      const work = (lane: Lane) => pools.get(key(lane)) ?? 0;
      let best: Lane | undefined;
      for (const lane of this.lanes.values()) {
        if (lane.waiting.length > 0 && readyAt(lane) <= now && (!best || goesFirst(lane, best, work)))
          best = lane;
      }
      if (!best) break;
      const waiter = best.waiting.shift();
      // When the request could first have gone: its buckets were ready and it was waiting.
      const eligible = Math.max(readyAt(best), waiter?.arrived ?? now);
      this.accounts[best.category].take(eligible, now);
      best.pool.take(eligible, now);
      waiter?.resolve();
    }
    let next = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values()) {
      if (lane.waiting.length === 0) continue;
      next = Math.min(next, readyAt(lane));
    }
    if (next < this.wakeAt && next !== Number.POSITIVE_INFINITY) {
      this.wakeAt = next;
      void this.clock.sleep(Math.max(0, next - now)).then(() => {
        if (this.wakeAt === next) this.wakeAt = Number.POSITIVE_INFINITY;
        this.pump();
      });
    }
  }

  /** AWS throttled a request anyway: halve the category's rates (down to 1/16). */
  throttled(category: Category): void {
    const f = this.factor[category];
    const slower = Math.max(f / 2, 1 / 16);
    this.successes[category] = 0;
    if (slower === f) return;
    this.setFactor(category, slower);
    this.stats.slowdowns++;
    if (this.stats.slowdowns === 1) {
      this.onNotice(
        "Cognito is throttling requests (another caller may share the account's quota); slowing down",
      );
    }
  }

  /** A request went through: after a run of successes, speed back up step by step. */
  succeeded(category: Category): void {
    const f = this.factor[category];
    if (f >= 1 || ++this.successes[category] < 10) return;
    this.successes[category] = 0;
    this.setFactor(category, Math.min(1, f * 1.25));
  }

  private setFactor(category: Category, f: number): void {
    this.factor[category] = f;
    this.accounts[category].setInterval(1000 / (accountRate(this.rates, category) * f));
    for (const lane of this.lanes.values()) {
      if (lane.category === category) lane.pool.setInterval(1000 / (this.rates.poolOperation * f));
    }
  }
}
