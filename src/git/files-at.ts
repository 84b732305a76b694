/** Spec files as they were at a Git ref: what `--changed-since` compares the working tree with. */
import { stat } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { runGit } from "./run.js";

export type FileAtRef = { file: string; text: string };
export type FilesAtRef = { ok: true; files: FileAtRef[] } | { ok: false; reason: string };

const SPEC_FILE = /\.ya?ml$/i;
/** Files read at once: each is one `git show`. */
const CONCURRENCY = 8;

/** Why Git could not answer, in words a person can act on. */
function explain(ref: string, reason: string): string {
  if (reason.startsWith("git is not installed")) return reason;
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
 * The text, at `ref`, of every *.yaml / *.yml file under `paths` (files or folders, relative to
 * `cwd`). A path that did not exist at `ref` has no files; a ref Git does not know is a failure.
 */
export async function yamlFilesAt(ref: string, paths: readonly string[], cwd: string): Promise<FilesAtRef> {
  const absolute = paths.map((p) => resolve(cwd, p));
  const top = await repositoryOf(absolute);
  if (!top.ok) return { ok: false, reason: explain(ref, top.reason) };
  const root = top.stdout.trim();
  const known = await runGit(["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`], root);
  if (!known.ok) return { ok: false, reason: explain(ref, known.reason) };
  const specs = absolute.map((p) => relative(root, p) || ".");
  const listed = await runGit(["ls-tree", "-r", "-z", "--name-only", ref, "--", ...specs], root);
  if (!listed.ok) return { ok: false, reason: listed.reason };
  const names = listed.stdout.split("\0").filter((n) => n !== "" && SPEC_FILE.test(n));
  const files: FileAtRef[] = [];
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    const batch = names.slice(i, i + CONCURRENCY);
    const shown = await Promise.all(batch.map((n) => runGit(["show", `${ref}:${n}`], root)));
    for (const [k, r] of shown.entries()) {
      if (!r.ok) return { ok: false, reason: r.reason };
      files.push({ file: batch[k] ?? "", text: r.stdout });
    }
  }
  return { ok: true, files };
}
