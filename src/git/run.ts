/**
 * The `git` executable, the tool's one way into Git history (drift causes, plans of what a pull
 * request changed). Git being absent or failing is an answer, never an exception: callers fall
 * back to "unknown".
 */
import { execFile } from "node:child_process";

export type GitResult = { ok: true; stdout: string } | { ok: false; reason: string };

/** Git's output above this is refused rather than buffered without bound. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Runs `git ARGS` in `cwd`; never throws. */
export function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      "git",
      [...args],
      { cwd, maxBuffer: MAX_OUTPUT, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } },
      (err, stdout, stderr) => {
        if (!err) return resolve({ ok: true, stdout });
        const code = (err as NodeJS.ErrnoException).code;
        const reason =
          code === "ENOENT"
            ? "git is not installed (no git executable on PATH)"
            : (stderr.trim().split("\n")[0] ?? err.message) || err.message;
        resolve({ ok: false, reason });
      },
    );
  });
}
