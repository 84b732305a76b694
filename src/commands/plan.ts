/**
 * `plan` and `drift`: read the live clients of every managed pool, then compare. Orchestration only:
 * one pool is read and planned in read-pool.ts; `onEntry` gets each entry as soon as it is
 * planned, so apply can write while other reads go on.
 */
import { whenAborted } from "../abort.js";
import { type Clock, realClock } from "../clock.js";
import { type Connect, sharedConnect } from "../cognito/port.js";
import { GitopsError } from "../errors.js";
import { regionOf } from "../model/region.js";
import { makePlan, type Plan, type ReportMode, type Skipped } from "../plan/model.js";
import type { DeclaredClient, SpecFile } from "../specfile/load.js";
import { type PlanEntry, type PoolGroup, planPool } from "./read-pool.js";

export type { PlanEntry } from "./read-pool.js";

/** Which spec clients to read (`--changed-since`): the others are counted, not read. */
export type Selection = { accepts(client: DeclaredClient): boolean; unchangedSince: string };

export type PlanOptions = {
  connect: Connect;
  /** Region for pools whose spec names none and whose ID does not start with one. */
  defaultRegion?: string | undefined;
  /** Only these pools / client names (sharding); empty means all. */
  pools?: readonly string[];
  clientNames?: readonly string[];
  /** Only the clients whose spec entries changed since a Git ref. */
  selection?: Selection | undefined;
  /** Called as clients are read (plan) or updated (apply). */
  onProgress?: Progress;
  /**
   * Check updates against their pool's own settings (schema attributes, identity providers,
   * resource servers, tier), read once per pool that has an update. Default true; drift, which
   * sends nothing, has none to check.
   */
  poolChecks?: boolean;
  /** Which way the security review judges changes: live -> spec (plan, apply) or spec -> live (drift). */
  mode?: ReportMode;
  clock?: Clock;
  /** Once aborted, clients not yet read are reported as not read, and planning returns. */
  signal?: AbortSignal | undefined;
};

export type Progress = (phase: "read" | "update", done: number, total: number) => void;

/** `skipped`: the spec clients --changed-since left out (not read). */
export type PlanRun = { plan: Plan; entries: PlanEntry[]; skipped: DeclaredClient[] };

/** A selector that matches nothing is a typo, not an empty shard: a green run would hide it. */
function checkSelectors(specs: readonly SpecFile[], pools: Set<string>, names: Set<string>): void {
  const seenPools = new Set(specs.map((f) => f.userPoolId));
  const seenNames = new Set(specs.flatMap((f) => f.clients.map((c) => c.spec.clientName ?? "")));
  const missing = [
    ...[...pools].filter((p) => !seenPools.has(p)).map((p) => `--pool ${p}`),
    ...[...names].filter((n) => !seenNames.has(n)).map((n) => `--client ${n}`),
  ];
  if (missing.length > 0) {
    throw new GitopsError(
      "NoSuchSelection",
      `${missing.join(", ")} matches nothing in the specs (names are case-sensitive)`,
    );
  }
}

function groupByPool(
  specs: readonly SpecFile[],
  options: PlanOptions,
): { groups: PoolGroup[]; skipped: DeclaredClient[] } {
  const groups = new Map<string, PoolGroup>();
  const pools = new Set(options.pools ?? []);
  const names = new Set(options.clientNames ?? []);
  const skipped: DeclaredClient[] = [];
  for (const file of specs) {
    if (pools.size > 0 && !pools.has(file.userPoolId)) continue;
    const region = regionOf(file, options.defaultRegion);
    for (const c of file.clients) {
      if (names.size > 0 && !names.has(c.spec.clientName ?? "")) continue;
      if (options.selection && !options.selection.accepts(c)) {
        skipped.push(c);
        continue;
      }
      const key = `${region}\u0000${file.userPoolId}`;
      const g = groups.get(key) ?? { region, userPoolId: file.userPoolId, clients: [] };
      g.clients.push(c);
      groups.set(key, g);
    }
  }
  checkSelectors(specs, pools, names);
  return { groups: [...groups.values()], skipped };
}

function specOrder(e: PlanEntry): string {
  return `${e.declared.source.file}\u0000${String(e.declared.source.index).padStart(6, "0")}`;
}

/**
 * Reads every managed pool and plans every spec client; per-client failures become `error`
 * entries. `onEntry` gets each entry as soon as it is planned.
 */
export async function planSpecs(
  specs: readonly SpecFile[],
  options: PlanOptions,
  onEntry?: (entry: PlanEntry) => void,
): Promise<PlanRun> {
  // No order among pools here: the quota scheduler gives the first slot to the pool with the most
  // reads to come (its listing weighs the clients it brings).
  const { groups, skipped } = groupByPool(specs, options);
  const portFor = sharedConnect(options.connect);
  const listUnmanaged = (options.clientNames ?? []).length === 0 && !options.selection;
  const total = groups.reduce((n, g) => n + g.clients.length, 0);
  const mode = options.mode ?? "plan";
  const poolChecks = options.poolChecks ?? true;
  let read = 0;
  const shared = { listUnmanaged, poolChecks, mode, clock: options.clock ?? realClock };
  const stopped = whenAborted(options.signal);
  const results = await Promise.all(
    groups.map((g) =>
      planPool(g, {
        ...shared,
        port: portFor(g.region),
        stopped,
        done(entry) {
          options.onProgress?.("read", ++read, total);
          onEntry?.(entry);
        },
      }),
    ),
  );
  const entries = results.flatMap((r) => r.entries);
  entries.sort((a, b) => (specOrder(a) < specOrder(b) ? -1 : specOrder(a) > specOrder(b) ? 1 : 0));
  const unmanaged = results
    .flatMap((r) => r.unmanaged)
    .sort((a, b) => a.userPoolId.localeCompare(b.userPoolId) || a.clientName.localeCompare(b.clientName));
  const warnings = results
    .flatMap((r) => r.warnings)
    .sort((a, b) => a.userPoolId.localeCompare(b.userPoolId));
  const selection: Skipped | undefined = options.selection
    ? { clients: skipped.length, unchangedSince: options.selection.unchangedSince }
    : undefined;
  const plan = makePlan(
    entries.map((e) => e.plan),
    unmanaged,
    warnings,
    { skipped: selection },
  );
  return { plan, entries, skipped };
}
