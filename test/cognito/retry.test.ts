/** withRetry on a fake clock: when it tries again, how long it waits, and when it stops. */
import { describe, expect, it } from "vitest";
import { RetriesExhausted, type RetryPolicy, withRetry } from "../../src/cognito/retry.js";
import { FakeClock } from "../support/fake-clock.js";

/** random = 1 waits the whole ceiling, so every wait is known: 100, 200, 400... */
const POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxTotalDelayMs: 10_000,
  random: () => 1,
};

class Busy extends Error {}
class Broken extends Error {}

/** A function that throws `errors` in turn, then returns "done"; it records each attempt number. */
function script(...errors: Error[]) {
  const attempts: number[] = [];
  const fn = async (attempt: number) => {
    attempts.push(attempt);
    const err = errors[attempt - 1];
    if (err) throw err;
    return "done";
  };
  return { fn, attempts };
}

const retryBusy = (err: unknown) => err instanceof Busy;

async function failure(p: Promise<unknown>): Promise<RetriesExhausted> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RetriesExhausted)) throw new Error(`expected RetriesExhausted, got ${String(err)}`);
  return err;
}

describe("withRetry", () => {
  it("returns the first success with the number of attempts, after waiting between failures", async () => {
    const clock = new FakeClock();
    const { fn, attempts } = script(new Busy("1"), new Busy("2"));
    const retried: unknown[] = [];
    const result = await withRetry(fn, {
      policy: POLICY,
      clock,
      retryable: retryBusy,
      onRetry: (err) => retried.push(err),
    });
    expect(result).toEqual({ value: "done", attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([100, 200]);
    expect(clock.now()).toBe(300);
    expect(retried.map((e) => (e as Error).message)).toEqual(["1", "2"]);
  });

  it("does not wait or call onRetry when the first attempt succeeds", async () => {
    const clock = new FakeClock();
    let retried = 0;
    const result = await withRetry(async () => 42, {
      policy: POLICY,
      clock,
      retryable: () => true,
      onRetry: () => retried++,
    });
    expect(result).toEqual({ value: 42, attempts: 1 });
    expect(clock.sleeps).toEqual([]);
    expect(retried).toBe(0);
  });

  it("stops at once on an error it may not retry: RetriesExhausted with attempts 1 and that error", async () => {
    const clock = new FakeClock();
    const broken = new Broken("bad request");
    const { fn, attempts } = script(broken);
    let retried = 0;
    const err = await failure(
      withRetry(fn, { policy: POLICY, clock, retryable: retryBusy, onRetry: () => retried++ }),
    );
    expect(err.attempts).toBe(1);
    expect(err.last).toBe(broken);
    expect(err.message).toBe("bad request");
    expect(attempts).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
    expect(retried).toBe(0);
  });

  it("stops on a non-retryable error after retryable ones, with the attempts made", async () => {
    const clock = new FakeClock();
    const { fn } = script(new Busy("1"), new Broken("then broken"));
    const err = await failure(withRetry(fn, { policy: POLICY, clock, retryable: retryBusy }));
    expect(err.attempts).toBe(2);
    expect(err.last).toBeInstanceOf(Broken);
    expect(clock.sleeps).toEqual([100]);
  });

  it("makes at most maxAttempts attempts, and never waits after the last", async () => {
    const clock = new FakeClock();
    const { fn, attempts } = script(...Array.from({ length: 20 }, (_, i) => new Busy(`busy ${i + 1}`)));
    let retried = 0;
    const err = await failure(
      withRetry(fn, {
        policy: { ...POLICY, maxAttempts: 4 },
        clock,
        retryable: retryBusy,
        onRetry: () => retried++,
      }),
    );
    expect(err.attempts).toBe(4);
    expect(err.message).toBe("busy 4");
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(retried).toBe(3);
  });

  it("stops before a wait would take the total past maxTotalDelayMs", async () => {
    const clock = new FakeClock();
    const { fn } = script(...Array.from({ length: 20 }, () => new Busy("busy")));
    // 100 + 200 + 400 = 700 fits in 800; the next wait (800) would make 1,500.
    const err = await failure(
      withRetry(fn, { policy: { ...POLICY, maxTotalDelayMs: 800 }, clock, retryable: retryBusy }),
    );
    expect(err.attempts).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(clock.now()).toBe(700);
  });

  it("allows a wait that brings the total exactly to maxTotalDelayMs", async () => {
    const clock = new FakeClock();
    const { fn } = script(new Busy("1"), new Busy("2"));
    const result = await withRetry(fn, {
      policy: { ...POLICY, maxTotalDelayMs: 300 },
      clock,
      retryable: retryBusy,
    });
    expect(result.attempts).toBe(3);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it("doubles the backoff ceiling up to maxDelayMs, and never past it", async () => {
    const clock = new FakeClock();
    const { fn } = script(...Array.from({ length: 7 }, () => new Busy("busy")));
    const result = await withRetry(fn, {
      policy: { ...POLICY, maxAttempts: 10, maxDelayMs: 500 },
      clock,
      retryable: retryBusy,
    });
    expect(result.attempts).toBe(8);
    expect(clock.sleeps).toEqual([100, 200, 400, 500, 500, 500, 500]);
  });

  it("waits a random share of the ceiling (full jitter)", async () => {
    const clock = new FakeClock();
    const shares = [0, 0.5, 0.25];
    const { fn } = script(new Busy("1"), new Busy("2"), new Busy("3"));
    await withRetry(fn, {
      policy: { ...POLICY, random: () => shares.shift() ?? 1 },
      clock,
      retryable: retryBusy,
    });
    expect(clock.sleeps).toEqual([0, 100, 100]);
  });
});
