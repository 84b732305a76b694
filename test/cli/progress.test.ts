import { describe, expect, it } from "vitest";
import { progressLine } from "../../src/cli/progress.js";

describe("the progress line", () => {
  it("stays quiet for short runs, then shows and clears a refreshed line", () => {
    let t = 0;
    const out: string[] = [];
    const p = progressLine(
      (s) => out.push(s),
      () => t,
    );
    p.update("read", 1, 100);
    t = 1500;
    p.update("read", 10, 100);
    expect(out).toEqual([]);
    t = 2500;
    p.update("read", 40, 100);
    t = 2600;
    p.update("read", 41, 100); // too soon after the last refresh
    t = 3100;
    p.update("update", 2, 5);
    p.done();
    expect(out).toEqual([
      "\r\u001b[KReading clients: 40/100 (3 s)",
      "\r\u001b[KUpdating clients: 2/5 (3 s)",
      "\r\u001b[K",
    ]);
  });

  it("clears nothing when it never showed", () => {
    const out: string[] = [];
    const p = progressLine(
      (s) => out.push(s),
      () => 0,
    );
    p.update("read", 1, 1);
    p.done();
    expect(out).toEqual([]);
  });
});
