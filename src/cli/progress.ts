/** Progress: a refreshed line on a terminal, a line every 30 s in a log (CI), for long runs. */
import type { Progress } from "../commands/plan.js";

const QUIET_MS = 2000;
const EVERY_MS = 200;
/** Off a terminal (a CI log), a line this often: a 1,000-client plan is not silent for minutes. */
const LOG_EVERY_MS = 30_000;

export type ProgressLine = { update: Progress; done(): void };

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
      const verb = phase === "read" ? "Reading" : "Updating";
      write(`\r\u001b[K${verb} clients: ${done}/${total} (${Math.round((t - start) / 1000)} s)`);
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
      const verb = phase === "read" ? "Reading" : "Updating";
      write(`${verb} clients: ${done}/${total} (${Math.round((t - start) / 1000)} s)\n`);
    },
    done() {},
  };
}
