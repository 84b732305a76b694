/**
 * A spec file's Git history, read with the git executable: the repository's state (is there a
 * whole history to read?), then the file's commits, newest first, and its text in each.
 */
import { posix, sep } from "node:path";
import { readObjects, runGit } from "./run.js";

/** Where the history can be read, or why not. */
export type RepoState =
  | { ok: true; prefix: string }
  | { ok: false; reason: "no-git" | "not-a-repository" | "shallow"; detail: string };

/** One committed version of a file; `bytes` is undefined where the file did not exist. */
export type FileVersion = { commit: string; date: string; subject: string; bytes: Uint8Array | undefined };

export type FileHistory = { ok: true; versions: FileVersion[] } | { ok: false; detail: string };

/** Whether `cwd` is in a work tree with its whole history (a shallow clone has only its tip). */
export async function repoState(cwd: string): Promise<RepoState> {
  const r = await runGit(
    ["rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-prefix"],
    cwd,
  );
  if (!r.ok) {
    return r.missing
      ? { ok: false, reason: "no-git", detail: r.reason }
      : { ok: false, reason: "not-a-repository", detail: r.reason };
  }
  const [inside, shallow, prefix = ""] = r.stdout.split("\n");
  if (inside !== "true") return { ok: false, reason: "not-a-repository", detail: "not inside a work tree" };
  if (shallow === "true") return { ok: false, reason: "shallow", detail: "shallow clone" };
  return { ok: true, prefix };
}

const RECORD = "\u001e";
const FIELD = "\u001f";

/** Commits that touched `file` (relative to cwd), newest first, at most `limit`, following renames. */
async function commitsOf(file: string, cwd: string, repoPath: string, limit: number) {
  const r = await runGit(
    // Names as they are (not C-quoted), so a file named in any script can be shown again.
    [
      "-c",
      "core.quotePath=false",
      "log",
      "--follow",
      `-n${limit}`,
      `--format=${RECORD}%H${FIELD}%cI${FIELD}%s`,
      "--name-only",
      "--",
      file,
    ],
    cwd,
  );
  if (!r.ok) return { ok: false as const, detail: r.reason };
  let path = repoPath;
  const commits = r.stdout
    .split(RECORD)
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => {
      const [head = "", ...names] = chunk.split("\n");
      const [commit = "", date = "", subject = ""] = head.split(FIELD);
      // A merge lists no names: the file kept the path of the newer commit.
      path = names.find((n) => n.trim() !== "") ?? path;
      return { commit, date, subject, path };
    });
  return { ok: true as const, commits };
}

/**
 * The committed versions of `file` (a path relative to `cwd`), newest first, at most `limit`
 * commits. `prefix` is the cwd's path inside the repository (RepoState's).
 */
export async function fileHistory(
  file: string,
  cwd: string,
  prefix: string,
  limit = 100,
): Promise<FileHistory> {
  const repoPath = posix.normalize(posix.join(prefix, file.split(sep).join("/")));
  const log = await commitsOf(file, cwd, repoPath, limit);
  if (!log.ok) return log;
  // Every version in one git process, not one per commit.
  const read = await readObjects(
    log.commits.map((c) => `${c.commit}:${c.path}`),
    cwd,
  );
  if (!read.ok) return { ok: false, detail: read.reason };
  const versions = log.commits.map(
    (c, i): FileVersion => ({ commit: c.commit, date: c.date, subject: c.subject, bytes: read.blobs[i] }),
  );
  return { ok: true, versions };
}
