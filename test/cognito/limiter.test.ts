import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { type Category, categoryOf, RateLimiter } from "../../src/cognito/limiter.js";
import { FakeClock } from "../support/fake-clock.js";

/** The most grants that fall in any window of `width` ms (slot times are sums of fractions: allow 1 ns of rounding). */
function busiestWindow(times: readonly number[], width: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= width - 1e-6) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

async function grantTimes(limiter: RateLimiter, clock: FakeClock, requests: { pool: string; op: string }[]) {
  const granted: { pool: string; op: string; at: number }[] = [];
  await Promise.all(
    requests.map(async (r) => {
      await limiter.acquire("read", r.pool, r.op);
      granted.push({ ...r, at: clock.now() });
    }),
  );
  return granted;
}

describe("the quota scheduler", () => {
  it("never exceeds the account rate nor any pool's per-operation rate, and runs at the floor", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 15, accountWrite: 15, poolOperation: 5 }, clock);
    const requests = [
      ...Array.from({ length: 120 }, () => ({ pool: "big", op: "DescribeUserPoolClient" })),
      ...Array.from({ length: 60 }, () => ({ pool: "a", op: "DescribeUserPoolClient" })),
      ...Array.from({ length: 60 }, () => ({ pool: "b", op: "DescribeUserPoolClient" })),
      ...Array.from({ length: 60 }, () => ({ pool: "c", op: "DescribeUserPoolClient" })),
      ...Array.from({ length: 3 }, () => ({ pool: "a", op: "ListUserPoolClients" })),
    ];
    const granted = await grantTimes(limiter, clock, requests);
    expect(granted).toHaveLength(requests.length);
    expect(
      busiestWindow(
        granted.map((g) => g.at),
        1000,
      ),
    ).toBeLessThanOrEqual(15);
    for (const pool of ["big", "a", "b", "c"]) {
      const times = granted
        .filter((g) => g.pool === pool && g.op === "DescribeUserPoolClient")
        .map((g) => g.at);
      expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(5);
    }
    // T* = max(303 / 15, 120 / 5) = 24 s; the last request starts within one slot of it.
    const last = Math.max(...granted.map((g) => g.at));
    expect(last / 1000).toBeLessThanOrEqual(24);
    expect(last / 1000).toBeGreaterThan(23);
  });

  it("lets a quiet pool go while a busy one waits for its own slots", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 15, accountWrite: 15, poolOperation: 5 }, clock);
    const granted = await grantTimes(limiter, clock, [
      ...Array.from({ length: 20 }, () => ({ pool: "busy", op: "DescribeUserPoolClient" })),
      ...Array.from({ length: 5 }, () => ({ pool: "quiet", op: "DescribeUserPoolClient" })),
    ]);
    const quietDone = Math.max(...granted.filter((g) => g.pool === "quiet").map((g) => g.at));
    expect(quietDone).toBeLessThan(1000); // not after the busy pool's 4 seconds
  });

  it("keeps reads and writes apart: a write never waits behind reads", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 15, accountWrite: 15, poolOperation: 5 }, clock);
    const reads = Array.from({ length: 30 }, () => limiter.acquire("read", "p", "DescribeUserPoolClient"));
    let writeAt = -1;
    const write = limiter.acquire("write", "p", "UpdateUserPoolClient").then(() => {
      writeAt = clock.now();
    });
    await Promise.all([...reads, write]);
    expect(writeAt).toBe(0);
  });

  it("lets go of the run's signal once a request is granted, and still takes a waiting one out on abort", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 15, accountWrite: 15, poolOperation: 5 }, clock);
    const run = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      // More requests on one signal than Node's listener limit (10), as in an apply of many clients.
      const first = Array.from({ length: 12 }, () =>
        limiter.acquire("write", "p", "UpdateUserPoolClient", { signal: run.signal }),
      );
      await Promise.all(first);
      expect(getEventListeners(run.signal, "abort")).toHaveLength(0);
      const waiting = Array.from({ length: 6 }, () =>
        limiter.acquire("write", "p", "UpdateUserPoolClient", { signal: run.signal }).then(
          () => "granted",
          (err: { code?: string }) => err.code,
        ),
      );
      await clock.sleep(0);
      run.abort("SIGINT");
      expect(await Promise.all(waiting)).toContain("Interrupted");
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("slows down when throttled, says so once, and recovers", async () => {
    const clock = new FakeClock();
    const notices: string[] = [];
    const limiter = new RateLimiter({ accountRead: 10, accountWrite: 10, poolOperation: 10 }, clock, (m) =>
      notices.push(m),
    );
    limiter.throttled("read");
    limiter.throttled("read");
    expect(limiter.stats).toEqual({ slowdowns: 2 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("slowing down");
    const slow = await grantTimes(
      limiter,
      clock,
      Array.from({ length: 6 }, () => ({ pool: "p", op: "Describe" })),
    );
    const gaps = slow.map((g) => g.at).sort((a, b) => a - b);
    expect((gaps[5] ?? 0) - (gaps[4] ?? 0)).toBeCloseTo(400, 0); // a quarter of 10/s
    for (let i = 0; i < 40; i++) limiter.succeeded("read");
    const start = clock.now();
    const fast = await grantTimes(
      limiter,
      clock,
      Array.from({ length: 3 }, () => ({ pool: "p", op: "Describe" })),
    );
    const times = fast.map((g) => g.at - start).sort((a, b) => a - b);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeLessThan(400);
  });
});

describe("the quota scheduler's order", () => {
  it("sends a pool's listing page before queued reads of other pools, since that pool's reads wait on it", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 10, accountWrite: 10, poolOperation: 10 }, clock);
    const order: string[] = [];
    const reads = Array.from({ length: 20 }, (_, i) =>
      limiter.acquire("read", `p${i % 2}`, "DescribeUserPoolClient").then(() => order.push("describe")),
    );
    const list = limiter.acquire("read", "p9", "ListUserPoolClients").then(() => order.push("list"));
    await Promise.all([...reads, list]);
    expect(order.indexOf("list")).toBeLessThanOrEqual(1);
  });

  it("keeps the largest pool's reads going from the start, fitting smaller pools' listings in between", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 15, accountWrite: 15, poolOperation: 5 }, clock);
    const order: { what: string; at: number }[] = [];
    const note = (what: string) => () => order.push({ what, at: clock.now() });
    const reads = Array.from({ length: 80 }, () =>
      limiter.acquire("read", "big", "DescribeUserPoolClient").then(note("big")),
    );
    const lists = ["a", "b", "c"].map((p) =>
      limiter.acquire("read", p, "ListUserPoolClients").then(note(`list ${p}`)),
    );
    await Promise.all([...lists, ...reads]);
    expect(order[0]?.what).toBe("big");
    const big = order.filter((o) => o.what === "big").map((o) => o.at);
    expect(big.slice(0, 3)).toEqual([0, 200, 400]); // at its own pool's rate from the first slot
    const listed = order.filter((o) => o.what.startsWith("list")).map((o) => o.at);
    expect(Math.max(...listed)).toBeLessThan(300);
  });
});

describe("the quota scheduler's categories", () => {
  it("puts pool reads in their own categories: UserPoolRead and UserPoolResourceRead", () => {
    expect(categoryOf("DescribeUserPoolClient")).toBe("read");
    expect(categoryOf("ListUserPoolClients")).toBe("read");
    expect(categoryOf("UpdateUserPoolClient")).toBe("write");
    expect(categoryOf("DescribeUserPool")).toBe("poolRead");
    expect(categoryOf("ListIdentityProviders")).toBe("resourceRead");
    expect(categoryOf("ListResourceServers")).toBe("resourceRead");
  });

  it("holds UserPoolResourceRead to 20/s per account and 5/s per pool across its operations, apart from client reads", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ accountRead: 15, accountWrite: 15, poolOperation: 5 }, clock);
    const granted: { category: string; pool: string; at: number }[] = [];
    const ask = (category: Category, pool: string, op: string) =>
      limiter.acquire(category, pool, op).then(() => granted.push({ category, pool, at: clock.now() }));
    await Promise.all([
      ...Array.from({ length: 60 }, (_, i) =>
        ask("resourceRead", `p${i % 3}`, i % 2 ? "ListIdentityProviders" : "ListResourceServers"),
      ),
      ...Array.from({ length: 30 }, (_, i) => ask("read", `p${i % 6}`, "DescribeUserPoolClient")),
      ...Array.from({ length: 30 }, (_, i) => ask("poolRead", `q${i}`, "DescribeUserPool")),
    ]);
    const times = (f: (g: (typeof granted)[number]) => boolean) => granted.filter(f).map((g) => g.at);
    expect(
      busiestWindow(
        times((g) => g.category === "resourceRead"),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
    expect(
      busiestWindow(
        times((g) => g.category === "poolRead"),
        1000,
      ),
    ).toBeLessThanOrEqual(15);
    expect(
      busiestWindow(
        times((g) => g.category === "read"),
        1000,
      ),
    ).toBeLessThanOrEqual(15);
    for (let p = 0; p < 3; p++) {
      // Both listings of one pool share its 5/s.
      expect(
        busiestWindow(
          times((g) => g.category === "resourceRead" && g.pool === `p${p}`),
          1000,
        ),
      ).toBeLessThanOrEqual(5);
    }
    // The categories do not wait on each other: 30 client reads at 15/s end near 2 s, not later.
    expect(Math.max(...times((g) => g.category === "read"))).toBeLessThan(2100);
    expect(Math.max(...times((g) => g.category === "poolRead"))).toBeLessThan(2100);
  });
});
