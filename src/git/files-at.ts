/** Spec files as they were at a Git ref: what `--changed-since` compares the working tree with. */
import { relative, resolve } from "node:path";
import { runGit } from "./run.js";

export type FileAtRef = { file: string; text: string };
export type FilesAtRef = { ok: true; files: FileAtRef[] } | { ok: false; reason: string };

const SPEC_FILE = /\.ya?ml$/i;
/** Files read at once: each is one `git show`. */
const CONCURRENCY = 8;

/**
 * The text, at `ref`, of every *.yaml / *.yml file under `paths` (files or folders, relative to
 * `cwd`). A path that did not exist at `ref` has no files; a ref Git does not know is a failure.
 */
export async function yamlFilesAt(ref: string, paths: readonly string[], cwd: string): Promise<FilesAtRef> {
  const known = await runGit(
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    cwd,
  );
  if (!known.ok)
    return { ok: false, reason: `Git knows no commit ${ref} here (${known.reason || "not found"})` };
  const specs = paths.map((p) => relative(cwd, resolve(cwd, p)) || ".");
  const listed = await runGit(["ls-tree", "-r", "-z", "--name-only", ref, "--", ...specs], cwd);
  if (!listed.ok) return { ok: false, reason: listed.reason };
  const names = listed.stdout.split("\0").filter((n) => n !== "" && SPEC_FILE.test(n));
  const files: FileAtRef[] = [];
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    const batch = names.slice(i, i + CONCURRENCY);
    const shown = await Promise.all(batch.map((n) => runGit(["show", `${ref}:./${n}`], cwd)));
    for (const [k, r] of shown.entries()) {
      if (!r.ok) return { ok: false, reason: r.reason };
      files.push({ file: batch[k] ?? "", text: r.stdout });
    }
  }
  return { ok: true, files };
}
