import { describe, expect, it } from "vitest";
import { progressFor, progressLine, progressLog } from "../../src/cli/progress.js";

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

describe("progress in a log (not a terminal)", () => {
  it("writes a plain line every 30 s while the run goes on, and nothing to clear", () => {
    let t = 0;
    const out: string[] = [];
    const p = progressLog(
      (s) => out.push(s),
      () => t,
    );
    for (let done = 1; done <= 1000; done++) {
      t = done * 200; // 1,000 clients in 200 s
      p.update("read", done, 1000);
    }
    p.done();
    expect(out).toHaveLength(6);
    expect(out[0]).toBe("Reading clients: 150/1000 (30 s)\n");
    expect(out.at(-1)).toBe("Reading clients: 900/1000 (180 s)\n");
    expect(out.join("")).not.toContain("\r");
    expect(out.join("")).not.toContain("\u001b");
  });
});

describe("where progress goes", () => {
  it("is refreshed in place only when stderr, where it is written, is a terminal", () => {
    const lines = (stderrIsTTY: boolean) => {
      let t = 0;
      const out: string[] = [];
      const p = progressFor({ stderr: (s) => out.push(s), stderrIsTTY }, () => t);
      t = 31_000;
      p.update("read", 5, 10);
      p.done();
      return out.join("");
    };
    // `plan 2>log` on a terminal: stdout is one, stderr is not; the log gets no \r or ESC.
    expect(lines(false)).toBe("Reading clients: 5/10 (31 s)\n");
    expect(lines(true)).toBe("\r\u001b[KReading clients: 5/10 (31 s)\r\u001b[K");
  });
});
