/**
 * `plan` and `drift`: read the live clients of every managed pool, then compare. Orchestration only.
 * Reads start as early as they can (a client named by ID at once, a client named by name on the
 * listing page that shows it), so a pool's own quota is busy from the start; each entry is handed
 * to `onEntry` as soon as it is planned, so apply can write while other reads go on.
 */
import { type Clock, realClock } from "../clock.js";
import type { CognitoPort, Connect } from "../cognito/port.js";
import { GitopsError, rethrowFatal, summarizeError } from "../errors.js";
import type { ClientSummary, LiveRead } from "../model/live.js";
import { regionOf } from "../model/region.js";
import {
  type ClientPlan,
  makePlan,
  type Plan,
  type PlanError,
  type Skipped,
  type UnmanagedClient,
} from "../plan/model.js";
import { errorPlan, matchClient, planClient } from "../plan/planner.js";
import type { DeclaredClient, SpecFile } from "../specfile/load.js";

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
  clock?: Clock;
  /** Once aborted, clients not yet read are reported as not read, and planning returns. */
  signal?: AbortSignal | undefined;
};

export type Progress = (phase: "read" | "update", done: number, total: number) => void;

/** One planned client with the read it was planned on, so apply can build its request. */
export type PlanEntry = {
  declared: DeclaredClient;
  plan: ClientPlan;
  read?: LiveRead;
  /** The run was interrupted before this client was read. */
  notRead?: true;
};

export type PlanRun = { plan: Plan; entries: PlanEntry[] };

type PoolGroup = { region: string; userPoolId: string; clients: DeclaredClient[] };

/** What every pool's planning shares. */
type Context = {
  port: CognitoPort;
  listUnmanaged: boolean;
  clock: Clock;
  stopped: Promise<void>;
  done(entry: PlanEntry): void;
};

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
): { groups: PoolGroup[]; skipped: number } {
  const groups = new Map<string, PoolGroup>();
  const pools = new Set(options.pools ?? []);
  const names = new Set(options.clientNames ?? []);
  let skipped = 0;
  for (const file of specs) {
    if (pools.size > 0 && !pools.has(file.userPoolId)) continue;
    const region = regionOf(file, options.defaultRegion);
    for (const c of file.clients) {
      if (names.size > 0 && !names.has(c.spec.clientName ?? "")) continue;
      if (options.selection && !options.selection.accepts(c)) {
        skipped++;
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

type Listing = { listed: ClientSummary[] | undefined } | { error: PlanError };
type ReadResult = { read: LiveRead } | { error: PlanError } | { fatal: unknown };

/** Describes one client; a failure is an answer (a fatal one is kept for whoever awaits it). */
async function readClient(group: PoolGroup, clientId: string, ctx: Context): Promise<ReadResult> {
  try {
    const live = await ctx.port.describeClient(group.userPoolId, clientId);
    return { read: { live, at: ctx.clock.now() } };
  } catch (err) {
    if (err instanceof GitopsError) return { fatal: err };
    const error: PlanError = summarizeError(err);
    if (error.code !== "ResourceNotFoundException") return { error };
    const message = `no app client ${clientId} in user pool ${group.userPoolId} (${error.message})`;
    return { error: { code: "ClientNotFound", message } };
  }
}

/** Lists the pool (only when a name must be resolved or unmanaged clients listed), page by page. */
async function listPool(
  group: PoolGroup,
  ctx: Context,
  onPage: (page: readonly ClientSummary[]) => void,
): Promise<Listing> {
  if (!ctx.listUnmanaged && group.clients.every((c) => c.spec.clientId !== undefined)) {
    return { listed: undefined };
  }
  try {
    const expectedReads = group.clients.length;
    return { listed: await ctx.port.listClients(group.userPoolId, { onPage, expectedReads }) };
  } catch (err) {
    rethrowFatal(err);
    const { code, message } = summarizeError(err);
    return { error: { code, message: `listing user pool ${group.userPoolId}: ${message}` } };
  }
}

/** The live clients of a managed pool that no spec client of it names. */
function unmanagedOf(group: PoolGroup, listed: readonly ClientSummary[]): UnmanagedClient[] {
  const ids = new Set(group.clients.flatMap((c) => (c.spec.clientId === undefined ? [] : [c.spec.clientId])));
  // Clients a spec names, even ambiguously, are not "unmanaged".
  const names = new Set(
    group.clients.flatMap((c) => (c.spec.clientId === undefined ? [c.spec.clientName ?? ""] : [])),
  );
  return listed.filter((c) => !ids.has(c.clientId) && !names.has(c.clientName));
}

async function planPool(group: PoolGroup, ctx: Context) {
  const reads = new Map<DeclaredClient, Promise<ReadResult>>();
  const startRead = (declared: DeclaredClient, clientId: string) => {
    if (!reads.has(declared)) reads.set(declared, readClient(group, clientId, ctx));
  };
  // Describe tells whether a client named by ID exists: no need to wait for the listing.
  for (const c of group.clients) if (c.spec.clientId !== undefined) startRead(c, c.spec.clientId);
  const byName = group.clients.filter((c) => c.spec.clientId === undefined);
  const seen = new Map<string, { clientId: string; count: number }>();
  const listing = listPool(group, ctx, (page) => {
    for (const s of page) {
      const was = seen.get(s.clientName);
      seen.set(s.clientName, { clientId: was?.clientId ?? s.clientId, count: (was?.count ?? 0) + 1 });
    }
    // A name seen once so far is read now; should a later page show it again, the read is dropped.
    for (const c of byName) {
      const s = seen.get(c.spec.clientName ?? "");
      if (s?.count === 1) startRead(c, s.clientId);
    }
  });

  const planOne = async (declared: DeclaredClient): Promise<PlanEntry> => {
    // Every entry waits for the listing, so no write starts before names are resolved.
    const list = await listing;
    const fail = (error: PlanError): PlanEntry => ({
      declared,
      plan: errorPlan(declared, error, group.region),
    });
    if (declared.spec.clientId === undefined) {
      if ("error" in list) return fail(list.error);
      const match = matchClient(declared, list.listed ?? []);
      if ("error" in match) return fail(match.error);
      startRead(declared, match.clientId);
    }
    const clientId = declared.spec.clientId;
    const result = await (reads.get(declared) as Promise<ReadResult>);
    if ("fatal" in result) throw result.fatal;
    if ("error" in result) {
      return { declared, plan: errorPlan(declared, result.error, group.region, clientId) };
    }
    return { declared, read: result.read, plan: planClient(declared, result.read.live, group.region) };
  };

  const notRead = (declared: DeclaredClient): PlanEntry => ({
    declared,
    notRead: true,
    plan: errorPlan(
      declared,
      { code: "Interrupted", message: "not read: the run was interrupted" },
      group.region,
    ),
  });
  const entries = await Promise.all(
    group.clients.map(async (declared) => {
      const entry = await Promise.race([planOne(declared), ctx.stopped.then(() => notRead(declared))]);
      if (!entry.notRead) ctx.done(entry);
      return entry;
    }),
  );
  const list = await Promise.race([listing, ctx.stopped.then(() => ({ listed: undefined }))]);
  const unmanaged =
    ctx.listUnmanaged && "listed" in list && list.listed ? unmanagedOf(group, list.listed) : [];
  return { entries, unmanaged };
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

/** Resolves when the signal fires; never without one. */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
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
  const { groups, skipped } = groupByPool(specs, options);
  // The pool with the most clients is likely the critical path: its listing goes first.
  groups.sort((a, b) => b.clients.length - a.clients.length);
  const portFor = sharedConnect(options.connect);
  const listUnmanaged = (options.clientNames ?? []).length === 0 && !options.selection;
  const total = groups.reduce((n, g) => n + g.clients.length, 0);
  let read = 0;
  const stopped = whenAborted(options.signal);
  const results = await Promise.all(
    groups.map((g) =>
      planPool(g, {
        port: portFor(g.region),
        listUnmanaged,
        clock: options.clock ?? realClock,
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
  const selection: Skipped | undefined = options.selection
    ? { clients: skipped, unchangedSince: options.selection.unchangedSince }
    : undefined;
  return {
    plan: makePlan(
      entries.map((e) => e.plan),
      unmanaged,
      { skipped: selection },
    ),
    entries,
  };
}
