/** Progress: a refreshed line on a terminal, a line every 30 s in a log (CI), for long runs. */
import type { Progress } from "../commands/plan.js";
import type { CliIo } from "./io.js";

const QUIET_MS = 2000;
const EVERY_MS = 200;
/** Off a terminal (a CI log), a line this often: a 1,000-client plan is not silent for minutes. */
const LOG_EVERY_MS = 30_000;

export type ProgressLine = { update: Progress; done(): void };

/** "Reading clients: 120/300 (4 s)": the progress so far, `ms` into the run. */
function progressText(phase: Parameters<Progress>[0], done: number, total: number, ms: number): string {
  const verb = phase === "read" ? "Reading" : "Updating";
  return `${verb} clients: ${done}/${total} (${Math.round(ms / 1000)} s)`;
}

/** Writes `\r`-refreshed progress to `write` once the run has taken QUIET_MS; `done` clears it. */
export function progressLine(write: (text: string) => void, now: () => number = Date.now): ProgressLine {
  const start = now();
  let shown = false;
  let last = 0;
  return {
    update(phase, done, total) {
      const t = now();
      if (t - start < QUIET_MS || (t - last < EVERY_MS && done < total)) return;
      last = t;
      shown = true;
      write(`\r\u001b[K${progressText(phase, done, total, t - start)}`);
    },
    done() {
      if (shown) write("\r\u001b[K");
    },
  };
}

/** Off a terminal: one plain line every LOG_EVERY_MS while the run goes on, nothing to clear. */
export function progressLog(
  write: (text: string) => void,
  now: () => number = Date.now,
  every = LOG_EVERY_MS,
): ProgressLine {
  const start = now();
  let next = start + every;
  return {
    update(phase, done, total) {
      const t = now();
      if (t < next || done >= total) return;
      next = t + every;
      write(`${progressText(phase, done, total, t - start)}\n`);
    },
    done() {},
  };
}

/** The progress fit for where it is written: stderr, refreshed in place only on a terminal. */
export function progressFor(
  io: Pick<CliIo, "stderr" | "stderrIsTTY">,
  now: () => number = Date.now,
): ProgressLine {
  return io.stderrIsTTY ? progressLine(io.stderr, now) : progressLog(io.stderr, now);
}
