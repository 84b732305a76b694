/** A progress line on a terminal, for runs longer than a couple of seconds. */
import type { Progress } from "../commands/plan.js";

const QUIET_MS = 2000;
const EVERY_MS = 200;

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
