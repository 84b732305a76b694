/**
 * A clock whose time moves only when someone sleeps: each sleep is a timer, and the earliest timer
 * fires as soon as the event loop is free, with the clock set to its time. Retries and quota waits
 * then take no real time, and their order and spacing are still those of real time.
 */
import type { Clock } from "../../src/clock.js";

export class FakeClock implements Clock {
  private time = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  /** Every sleep asked for, in ms. */
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), resolve });
      setImmediate(() => this.fireEarliest());
    });
  }

  private fireEarliest(): void {
    if (this.timers.length === 0) return;
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers.shift();
    if (!next) return;
    this.time = Math.max(this.time, next.at);
    next.resolve();
  }
}

/** A small seeded random source (mulberry32), so fault injection is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
