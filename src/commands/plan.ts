/** `plan` and `drift`: read the live clients of every managed pool, then compare. Orchestration only. */
import type { CognitoPort, Connect } from "../cognito/port.js";
import { GitopsError, rethrowFatal, summarizeError } from "../errors.js";
import type { LiveClient } from "../model/live.js";
import type { PoolContext } from "../model/pool.js";
import { regionOf } from "../model/region.js";
import {
  type ClientPlan,
  makePlan,
  type Plan,
  type PlanError,
  type PoolWarning,
  type ReportMode,
  type UnmanagedClient,
} from "../plan/model.js";
import { checkAgainstPool, claimedTwice, errorPlan, matchClient, planClient } from "../plan/planner.js";
import type { DeclaredClient, SpecFile } from "../specfile/load.js";
import { type PoolRead, readPoolContext } from "./pool-context.js";

export type PlanOptions = {
  connect: Connect;
  /** Region for pools whose spec names none and whose ID does not start with one. */
  defaultRegion?: string | undefined;
  /** Only these pools / client names (sharding); empty means all. */
  pools?: readonly string[];
  clientNames?: readonly string[];
  /** Called as clients are read (plan) or updated (apply). */
  onProgress?: Progress;
  /**
   * Check updates against their pool's own settings (schema attributes, identity providers,
   * resource servers, tier), read once per pool that has an update. Default true; never in drift.
   */
  poolChecks?: boolean;
  /** Which way the security review judges changes: live -> spec (plan, apply) or spec -> live (drift). */
  mode?: ReportMode;
};

export type Progress = (phase: "read" | "update", done: number, total: number) => void;

/** One planned client with what was read for it, so apply can build its request and check it again. */
export type PlanEntry = { declared: DeclaredClient; plan: ClientPlan; live?: LiveClient; pool?: PoolContext };

export type PlanRun = { plan: Plan; entries: PlanEntry[] };

type PoolGroup = { region: string; userPoolId: string; clients: DeclaredClient[] };

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

function groupByPool(specs: readonly SpecFile[], options: PlanOptions): PoolGroup[] {
  const groups = new Map<string, PoolGroup>();
  const pools = new Set(options.pools ?? []);
  const names = new Set(options.clientNames ?? []);
  for (const file of specs) {
    if (pools.size > 0 && !pools.has(file.userPoolId)) continue;
    const region = regionOf(file, options.defaultRegion);
    for (const c of file.clients) {
      if (names.size > 0 && !names.has(c.spec.clientName ?? "")) continue;
      const key = `${region}\u0000${file.userPoolId}`;
      const g = groups.get(key) ?? { region, userPoolId: file.userPoolId, clients: [] };
      g.clients.push(c);
      groups.set(key, g);
    }
  }
  checkSelectors(specs, pools, names);
  return [...groups.values()];
}

/** Lists a pool only when needed: to resolve a name, or to report unmanaged clients. */
async function listIfNeeded(group: PoolGroup, port: CognitoPort, listUnmanaged: boolean) {
  if (!listUnmanaged && group.clients.every((c) => c.spec.clientId !== undefined))
    return { listed: undefined };
  try {
    return { listed: await port.listClients(group.userPoolId) };
  } catch (err) {
    rethrowFatal(err);
    const { code, message } = summarizeError(err);
    return { error: { code, message: `listing user pool ${group.userPoolId}: ${message}` } };
  }
}

/** Describes one matched client and plans it; a failed read is an error entry. */
async function readAndPlan(
  declared: DeclaredClient,
  clientId: string,
  group: PoolGroup,
  port: CognitoPort,
  mode: ReportMode,
): Promise<PlanEntry> {
  try {
    const live = await port.describeClient(group.userPoolId, clientId);
    return { declared, live, plan: planClient(declared, live, group.region, mode) };
  } catch (err) {
    rethrowFatal(err);
    const error: PlanError = summarizeError(err);
    const missing =
      error.code === "ResourceNotFoundException"
        ? {
            code: "ClientNotFound",
            message: `no app client ${clientId} in user pool ${group.userPoolId} (${error.message})`,
          }
        : error;
    return { declared, plan: errorPlan(declared, missing, group.region, clientId) };
  }
}

type PoolRun = {
  port: CognitoPort;
  listUnmanaged: boolean;
  poolChecks: boolean;
  mode: ReportMode;
  tick: () => void;
};

/** Checks the pool's updates against its own settings, read once (and only when there is an update). */
async function checkPool(
  group: PoolGroup,
  entries: PlanEntry[],
  read: Promise<PoolRead> | undefined,
): Promise<{ entries: PlanEntry[]; warnings: PoolWarning[] }> {
  if (!read) return { entries, warnings: [] };
  const { pool, skipped } = await read;
  const checked = entries.map((e): PlanEntry => {
    if (e.plan.action !== "update" || !e.live) return e;
    return { ...e, pool, plan: checkAgainstPool(e.plan, e.declared, e.live, pool) };
  });
  const warnings = skipped ? [{ userPoolId: group.userPoolId, region: group.region, ...skipped }] : [];
  return { entries: checked, warnings };
}

async function planPool(group: PoolGroup, run: PoolRun) {
  const { port, listUnmanaged, mode, tick } = run;
  const list = await listIfNeeded(group, port, listUnmanaged);
  if (list.error) {
    const error = list.error;
    const entries = group.clients.map((declared) => ({
      declared,
      plan: errorPlan(declared, error, group.region),
    }));
    return { entries, unmanaged: [] as UnmanagedClient[], warnings: [] as PoolWarning[] };
  }
  // Started by the first update, so it overlaps the remaining client reads.
  let poolRead: Promise<PoolRead> | undefined;
  const listed = list.listed;
  // Without a listing every spec client has a clientId: Describe tells whether it exists.
  const matches = group.clients.map((declared) => ({
    declared,
    match: listed ? matchClient(declared, listed) : { clientId: declared.spec.clientId ?? "" },
  }));
  const liveNames = new Map(listed?.map((c) => [c.clientId, c.clientName]));
  const twice = claimedTwice(
    matches.flatMap(({ declared, match }) =>
      "clientId" in match
        ? [{ declared, clientId: match.clientId, liveName: liveNames.get(match.clientId) }]
        : [],
    ),
  );
  const matched = new Set<string>();
  const named = new Set<string>();
  const entries = await Promise.all(
    matches.map(async ({ declared, match }): Promise<PlanEntry> => {
      if (listed && declared.spec.clientId === undefined) {
        // Clients a spec names, even ambiguously, are not "unmanaged".
        for (const c of listed) if (c.clientName === declared.spec.clientName) named.add(c.clientId);
      }
      if ("error" in match) {
        tick();
        return { declared, plan: errorPlan(declared, match.error, group.region) };
      }
      matched.add(match.clientId);
      const clash = twice.get(declared);
      if (clash) {
        tick();
        return { declared, plan: errorPlan(declared, clash, group.region, match.clientId) };
      }
      const entry = await readAndPlan(declared, match.clientId, group, port, mode);
      if (run.poolChecks && entry.plan.action === "update")
        poolRead ??= readPoolContext(port, group.userPoolId);
      tick();
      return entry;
    }),
  );
  const unmanaged =
    listUnmanaged && listed ? listed.filter((c) => !matched.has(c.clientId) && !named.has(c.clientId)) : [];
  return { ...(await checkPool(group, entries, poolRead)), unmanaged };
}

/** One port per Region, however often it is asked for: one limiter holds the account's quota. */
export function sharedConnect(connect: Connect): Connect {
  const ports = new Map<string, CognitoPort>();
  return (region) => {
    let p = ports.get(region);
    if (!p) {
      p = connect(region);
      ports.set(region, p);
    }
    return p;
  };
}

function specOrder(e: PlanEntry): string {
  return `${e.declared.source.file}\u0000${String(e.declared.source.index).padStart(6, "0")}`;
}

/** Reads every managed pool and plans every spec client; per-client failures become `error` entries. */
export async function planSpecs(specs: readonly SpecFile[], options: PlanOptions): Promise<PlanRun> {
  const groups = groupByPool(specs, options);
  const portFor = sharedConnect(options.connect);
  const listUnmanaged = (options.clientNames ?? []).length === 0;
  const total = groups.reduce((n, g) => n + g.clients.length, 0);
  let done = 0;
  const tick = () => options.onProgress?.("read", ++done, total);
  const mode = options.mode ?? "plan";
  // Drift reports what changed outside Git and writes nothing: what an update would send is apply's concern.
  const poolChecks = (options.poolChecks ?? true) && mode !== "drift";
  const results = await Promise.all(
    groups.map((g) => planPool(g, { port: portFor(g.region), listUnmanaged, poolChecks, mode, tick })),
  );
  const entries = results.flatMap((r) => r.entries);
  entries.sort((a, b) => (specOrder(a) < specOrder(b) ? -1 : specOrder(a) > specOrder(b) ? 1 : 0));
  const unmanaged = results
    .flatMap((r) => r.unmanaged)
    .sort((a, b) => a.userPoolId.localeCompare(b.userPoolId) || a.clientName.localeCompare(b.clientName));
  const warnings = results
    .flatMap((r) => r.warnings)
    .sort((a, b) => a.userPoolId.localeCompare(b.userPoolId));
  return {
    plan: makePlan(
      entries.map((e) => e.plan),
      unmanaged,
      warnings,
    ),
    entries,
  };
}
