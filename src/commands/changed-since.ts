/**
 * `--changed-since REF`: which spec clients differ from their entries at a Git ref. Entries are
 * compared as parsed specs, so reformatting a file, reordering keys or moving a client to another
 * file changes nothing; a client that is new, or whose entry changed in any way, is read.
 */
import { CORE_SCHEMA, load } from "js-yaml";
import { GitopsError } from "../errors.js";
import { yamlFilesAt } from "../git/files-at.js";
import { fingerprint } from "../plan/fingerprint.js";
import type { DeclaredClient } from "../specfile/load.js";
import type { Selection } from "./plan.js";

type Entry = { userPoolId?: unknown; region?: unknown; clientId?: unknown; clientName?: unknown };

function key(userPoolId: unknown, region: unknown, client: Entry): string {
  return JSON.stringify([userPoolId, region ?? null, client.clientId ?? null, client.clientName ?? null]);
}

/** Every client entry of the spec files at the ref, by pool, Region and identity. */
function entriesAt(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of texts) {
    let doc: unknown;
    try {
      doc = load(text, { schema: CORE_SCHEMA, maxAliases: 100 });
    } catch {
      continue; // broken then: its clients count as changed
    }
    const d = doc as { userPoolId?: unknown; region?: unknown; clients?: unknown } | null;
    if (!d || typeof d !== "object" || !Array.isArray(d.clients)) continue;
    for (const c of d.clients as Entry[]) {
      if (c && typeof c === "object") out.set(key(d.userPoolId, d.region, c), fingerprint(c));
    }
  }
  return out;
}

/** The clients of `paths` whose spec entries differ from those at `ref`; Git failing stops the run. */
export async function changedSince(ref: string, paths: readonly string[], cwd: string): Promise<Selection> {
  const at = await yamlFilesAt(ref, paths, cwd);
  if (!at.ok) {
    throw new GitopsError("ChangedSince", `--changed-since ${ref}: ${at.reason}`);
  }
  const before = entriesAt(at.files.map((f) => f.text));
  return {
    unchangedSince: ref,
    accepts: (c: DeclaredClient) =>
      before.get(key(c.userPoolId, c.region, c.spec as Entry)) !== fingerprint(c.spec),
  };
}
