/**
 * `drift`: the plan's comparison judged from the live side, with the cause of each drifted field
 * from the Git history of its spec file (changed outside Git, or a Git change never applied).
 */
import { mapLimit } from "../concurrency.js";
import { fileHistory, type RepoState, repoState } from "../git/history.js";
import { type SpecVersion, withCauses } from "../plan/drift-cause.js";
import { type ClientPlan, type HistoryGap, type Plan, summarize } from "../plan/model.js";
import { looseSpec } from "../specfile/load.js";
import { type PlanOptions, type PlanRun, planSpecs } from "./plan.js";

/** Spec files whose history is read at once. */
const GIT_AT_ONCE = 4;

export type DriftOptions = PlanOptions & {
  /** Where the spec paths are relative to, and Git runs. */
  cwd: string;
  /** Commits of each spec file to look through, newest first (default 100). */
  historyDepth?: number;
};

/** Up to `limit` committed versions of each spec file, parsed; or why there are none. */
async function readVersions(
  file: string,
  cwd: string,
  state: Extract<RepoState, { ok: true }>,
  limit: number,
): Promise<{ versions: SpecVersion[] } | { gap: HistoryGap }> {
  const history = await fileHistory(file, cwd, state.prefix, limit);
  if (!history.ok) return { gap: { reason: "git-error", detail: history.detail, files: [file] } };
  if (history.versions.length === 0) return { gap: { reason: "not-committed", detail: "", files: [file] } };
  return {
    // Each version as it was written, not judged by today's schema and rules: a version a later,
    // stricter rule refuses still says what it asked for.
    versions: history.versions.map(({ bytes, ...commit }) => {
      if (bytes === undefined) return { ...commit, absent: true };
      const spec = looseSpec(file, bytes);
      return spec ? { ...commit, spec } : commit;
    }),
  };
}

/** Gaps of the same reason as one, listing their files. */
function mergeGaps(gaps: readonly HistoryGap[]): HistoryGap[] {
  const byReason = new Map<string, HistoryGap>();
  for (const g of gaps) {
    const seen = byReason.get(g.reason);
    if (seen) seen.files.push(...g.files);
    else byReason.set(g.reason, { ...g, files: [...g.files] });
  }
  return [...byReason.values()];
}

/** The versions of every spec file that declares a drifted client, by file. */
async function histories(files: readonly string[], options: DriftOptions) {
  const versions = new Map<string, SpecVersion[]>();
  if (files.length === 0) return { versions, gaps: [] };
  const state = await repoState(options.cwd);
  if (!state.ok) return { versions, gaps: [{ reason: state.reason, detail: state.detail, files: [] }] };
  const gaps: HistoryGap[] = [];
  // Two git processes per file (its log, then every version at once), a few files at a time.
  const read = await mapLimit(files, GIT_AT_ONCE, (file) =>
    readVersions(file, options.cwd, state, options.historyDepth ?? 100),
  );
  read.forEach((r, i) => {
    if ("gap" in r) gaps.push(r.gap);
    else versions.set(files[i] as string, r.versions);
  });
  return { versions, gaps: mergeGaps(gaps) };
}

/** Reads, compares and explains: every drifted field gets its cause; a missing history makes it `unknown`. */
export async function driftSpecs(
  specs: Parameters<typeof planSpecs>[0],
  options: DriftOptions,
): Promise<PlanRun> {
  const run = await planSpecs(specs, { ...options, mode: "drift" });
  const drifted = run.entries.filter((e) => e.plan.changes.length > 0);
  const files = [...new Set(drifted.map((e) => e.declared.source.file))].sort();
  const { versions, gaps } = await histories(files, options);
  const entries = run.entries.map((e) => {
    if (e.plan.changes.length === 0) return e;
    const known = versions.get(e.declared.source.file);
    const changes = withCauses(e.plan.changes, e.declared, e.plan.clientName, known);
    // An unapplied field is a Git change, reviewed in its pull request: only what changed
    // outside Git (or may have) is reviewed here.
    const unapplied = new Set(changes.filter((c) => c.cause === "unapplied").map((c) => c.field));
    const risks = e.plan.risks.filter((r) => !unapplied.has(r.field));
    return { ...e, plan: { ...e.plan, changes, risks } as ClientPlan };
  });
  const clients = entries.map((e) => e.plan);
  const plan: Plan = {
    ...run.plan,
    // Counted again: the causes are known only now, and unapplied fields' risks were dropped.
    summary: summarize(clients, run.plan.unmanaged, true),
    clients,
    ...(gaps.length > 0 ? { historyGaps: gaps } : {}),
  };
  return { ...run, plan, entries };
}
