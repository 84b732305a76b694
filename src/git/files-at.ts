/** Spec files as they were at a Git ref: what `--changed-since` compares the working tree with. */
import { stat } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { type GitFailure, readObjects, runGit } from "./run.js";

export type FileAtRef = { file: string; bytes: Uint8Array };
export type FilesAtRef = { ok: true; files: FileAtRef[] } | { ok: false; reason: string };

/** Why Git could not answer, in words a person can act on. */
function explain(ref: string, failure: GitFailure): string {
  const { reason } = failure;
  if (failure.missing) return reason;
  if (/not a git repository/i.test(reason)) return "the specs are not in a Git repository";
  return `Git knows no commit ${ref} here (a shallow clone lacks history: check out with fetch-depth: 0)`;
}

/** The top folder of the repository holding the first spec path. */
async function repositoryOf(paths: readonly string[]) {
  const first = paths[0] ?? ".";
  const folder = (await stat(first).catch(() => undefined))?.isDirectory() ? first : dirname(first);
  return runGit(["rev-parse", "--show-toplevel"], folder);
}

/**
 * The bytes, at `ref`, of every file under `paths` (files or folders, relative to `cwd`) whose name
 * `wanted` matches. A path that did not exist at `ref` has no files; a ref Git does not know is a
 * failure.
 */
export async function filesAt(
  ref: string,
  paths: readonly string[],
  cwd: string,
  wanted: RegExp,
): Promise<FilesAtRef> {
  const absolute = paths.map((p) => resolve(cwd, p));
  const top = await repositoryOf(absolute);
  if (!top.ok) return { ok: false, reason: explain(ref, top) };
  const root = top.stdout.trim();
  const known = await runGit(["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`], root);
  if (!known.ok) return { ok: false, reason: explain(ref, known) };
  const specs = absolute.map((p) => relative(root, p) || ".");
  const listed = await runGit(["ls-tree", "-r", "-z", "--name-only", ref, "--", ...specs], root);
  if (!listed.ok) return { ok: false, reason: listed.reason };
  const names = listed.stdout.split("\0").filter((n) => n !== "" && wanted.test(n));
  const read = await readObjects(
    names.map((n) => `${ref}:${n}`),
    root,
  );
  if (!read.ok) return { ok: false, reason: read.reason };
  // A file Git cannot hand over (a name with a line break) is left out: its clients count as changed.
  const files = read.blobs.flatMap((bytes, i) => (bytes ? [{ file: names[i] ?? "", bytes }] : []));
  return { ok: true, files };
}
