/**
 * `--changed-since REF`: which spec clients differ from their entries at a Git ref. Entries are
 * compared as parsed specs, so reformatting a file, reordering keys or moving a client to another
 * file changes nothing; a client that is new, or whose entry changed in any way, is read.
 */
import { GitopsError } from "../errors.js";
import { type FileAtRef, filesAt } from "../git/files-at.js";
import { fingerprint } from "../plan/fingerprint.js";
import { type DeclaredClient, looseSpec } from "../specfile/load.js";
import type { Selection } from "./plan.js";
import { SPEC_FILE } from "./read-specs.js";

function key(userPoolId: unknown, region: unknown, client: Record<string, unknown>): string {
  return JSON.stringify([userPoolId, region ?? null, client.clientId ?? null, client.clientName ?? null]);
}

/**
 * Every client entry of the spec files at the ref, by pool, Region and identity: parsed as the
 * working tree's are (merge keys resolved), but not checked, so an entry is compared by what it
 * says, not by whether today's rules accept it. A file broken then counts its clients as changed.
 */
function entriesAt(files: readonly FileAtRef[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const d = looseSpec(f.file, f.bytes);
    for (const c of d?.clients ?? []) out.set(key(d?.userPoolId, d?.region, c), fingerprint(c));
  }
  return out;
}

/** The clients of `paths` whose spec entries differ from those at `ref`; Git failing stops the run. */
export async function changedSince(ref: string, paths: readonly string[], cwd: string): Promise<Selection> {
  const at = await filesAt(ref, paths, cwd, SPEC_FILE);
  if (!at.ok) {
    throw new GitopsError("ChangedSince", `--changed-since ${ref}: ${at.reason}`);
  }
  const before = entriesAt(at.files);
  return {
    unchangedSince: ref,
    accepts: (c: DeclaredClient) =>
      before.get(key(c.userPoolId, c.region, c.spec as Record<string, unknown>)) !== fingerprint(c.spec),
  };
}
