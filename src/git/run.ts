/**
 * The `git` executable, the tool's one way into Git history (drift causes, plans of what a pull
 * request changed). Git being absent or failing is an answer, never an exception: callers fall
 * back to "unknown".
 */
import { spawn } from "node:child_process";

/** `missing`: there is no git executable at all (rather than a git that refused). */
export type GitFailure = { ok: false; reason: string; missing: boolean };
export type GitResult = { ok: true; stdout: string } | GitFailure;

/** Git's output above this is refused rather than buffered without bound. */
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Runs `git ARGS` in `cwd`, with `input` on its stdin; its stdout as bytes. Never throws. */
function runGitBytes(
  args: readonly string[],
  cwd: string,
  input?: string,
): Promise<{ ok: true; stdout: Buffer } | GitFailure> {
  return new Promise((resolve) => {
    const child = spawn("git", [...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let failure: GitFailure | undefined;
    child.stdout?.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT) out.push(chunk);
      else if (!failure) {
        failure = { ok: false, reason: `git's output is over ${MAX_OUTPUT} bytes`, missing: false };
        child.kill();
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString("utf8");
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      failure ??=
        err.code === "ENOENT"
          ? { ok: false, reason: "git is not installed (no git executable on PATH)", missing: true }
          : { ok: false, reason: err.message, missing: false };
    });
    child.on("close", (code) => {
      if (failure) return resolve(failure);
      if (code !== 0) {
        const reason = stderr.trim().split("\n")[0] || `git ${args[0] ?? ""} exited with ${code}`;
        return resolve({ ok: false, reason, missing: false });
      }
      resolve({ ok: true, stdout: Buffer.concat(out) });
    });
    // A git that exits before reading all of it (a bad repository) closes the pipe: not our failure.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

/** Runs `git ARGS` in `cwd`; never throws. */
export async function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  const r = await runGitBytes(args, cwd);
  return r.ok ? { ok: true, stdout: r.stdout.toString("utf8") } : r;
}

/**
 * The bytes of each file named (`commit:path`), in one git process (`git cat-file --batch`);
 * undefined where there is no such file (the path did not exist in that commit).
 */
export async function readObjects(
  names: readonly string[],
  cwd: string,
): Promise<{ ok: true; blobs: (Buffer | undefined)[] } | GitFailure> {
  if (names.length === 0) return { ok: true, blobs: [] };
  // One name a line: a name with a line break in it cannot be asked for, and reads as absent.
  const asked = names.map((n) => (/[\r\n]/.test(n) ? "" : n));
  const r = await runGitBytes(["cat-file", "--batch"], cwd, `${asked.join("\n")}\n`);
  if (!r.ok) return r;
  const blobs: (Buffer | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < asked.length; i++) {
    const end = r.stdout.indexOf(10, at);
    if (end < 0) return { ok: false, reason: "git cat-file answered too little", missing: false };
    // `<oid> <type> <size>`, then the object and a line break; or `<name> missing` (or ambiguous).
    const header = /^[0-9a-f]+ (\w+) (\d+)$/.exec(r.stdout.toString("utf8", at, end));
    at = end + 1;
    if (!header) {
      blobs.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    blobs.push(header[1] === "blob" ? r.stdout.subarray(at, at + size) : undefined);
    at += size + 1;
  }
  return { ok: true, blobs };
}
