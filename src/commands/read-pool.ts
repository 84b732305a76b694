/**
 * Reads one managed pool and plans its spec clients. Reads start as early as they can (a client
 * named by ID at once, a client named by name on the listing page that shows it), so the pool's
 * own quota is busy from the start; each entry is handed on as soon as it is planned and its
 * names are resolved, so apply can write while the other reads go on.
 */
import type { Clock } from "../clock.js";
import type { CognitoPort } from "../cognito/port.js";
import { isGitopsError, rethrowFatal, summarizeError } from "../errors.js";
import type { ClientSummary, LiveRead } from "../model/live.js";
import type { ClientPlan, PlanError, PoolWarning, ReportMode, UnmanagedClient } from "../plan/model.js";
import {
  assessClient,
  checkAgainstPool,
  claimedTwice,
  errorPlan,
  type Match,
  matchClient,
} from "../plan/planner.js";
import type { DeclaredClient } from "../specfile/load.js";
import { type PoolRead, readPoolContext } from "./pool-context.js";

/** One planned client with the read it was planned on, so apply can build its request. */
export type PlanEntry = {
  declared: DeclaredClient;
  plan: ClientPlan;
  read?: LiveRead;
  /** The pool's settings an update was checked against; apply checks a re-planned client again. */
  pool?: PoolRead["pool"];
  /** The run was interrupted before this client was read. */
  notRead?: true;
};

export type PoolGroup = { region: string; userPoolId: string; clients: DeclaredClient[] };

/** What every pool's planning shares. */
export type PoolRun = {
  port: CognitoPort;
  listUnmanaged: boolean;
  poolChecks: boolean;
  mode: ReportMode;
  clock: Clock;
  stopped: Promise<void>;
  done(entry: PlanEntry): void;
};

export type PoolResult = { entries: PlanEntry[]; unmanaged: UnmanagedClient[]; warnings: PoolWarning[] };

/** A spec client's live client, or why it has none (with the client it claims, when it claims one twice). */
type Resolved = Match | { error: PlanError; clientId?: string };

type Listing = { listed: ClientSummary[] | undefined } | { error: PlanError };
type ReadResult = { read: LiveRead } | { error: PlanError } | { fatal: unknown };

/** Describes one client; a failure is an answer (a fatal one is kept for whoever awaits it). */
async function readClient(group: PoolGroup, clientId: string, run: PoolRun): Promise<ReadResult> {
  try {
    const live = await run.port.describeClient(group.userPoolId, clientId);
    return { read: { live, at: run.clock.now() } };
  } catch (err) {
    if (isGitopsError(err)) return { fatal: err };
    const error: PlanError = summarizeError(err);
    if (error.code !== "ResourceNotFoundException") return { error };
    const message = `no app client ${clientId} in user pool ${group.userPoolId} (${error.message})`;
    return { error: { code: "ClientNotFound", message } };
  }
}

/** Lists the pool (only when a name must be resolved or unmanaged clients listed), page by page. */
async function listPool(
  group: PoolGroup,
  run: PoolRun,
  onPage: (page: readonly ClientSummary[]) => void,
): Promise<Listing> {
  if (!run.listUnmanaged && group.clients.every((c) => c.spec.clientId !== undefined)) {
    return { listed: undefined };
  }
  try {
    const expectedReads = group.clients.length;
    return { listed: await run.port.listClients(group.userPoolId, { onPage, expectedReads }) };
  } catch (err) {
    rethrowFatal(err);
    const { code, message } = summarizeError(err);
    return { error: { code, message: `listing user pool ${group.userPoolId}: ${message}` } };
  }
}

/** Every spec client's live client once the listing is in; two specs claiming one client fail both. */
function resolve(group: PoolGroup, listed: ClientSummary[] | undefined): Map<DeclaredClient, Resolved> {
  const matches = new Map<DeclaredClient, Resolved>(
    group.clients.map((declared) => [
      declared,
      listed ? matchClient(declared, listed) : { clientId: declared.spec.clientId ?? "" },
    ]),
  );
  const liveNames = new Map(listed?.map((c) => [c.clientId, c.clientName]));
  const twice = claimedTwice(
    [...matches].flatMap(([declared, match]) =>
      "clientId" in match
        ? [{ declared, clientId: match.clientId, liveName: liveNames.get(match.clientId) }]
        : [],
    ),
  );
  for (const [declared, error] of twice) {
    const match = matches.get(declared);
    matches.set(declared, { error, ...(match && "clientId" in match ? { clientId: match.clientId } : {}) });
  }
  return matches;
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

/** Reads of the pool's clients, started as soon as their IDs are known, each at most once. */
function startReads(group: PoolGroup, run: PoolRun) {
  const reads = new Map<DeclaredClient, Promise<ReadResult>>();
  const start = (declared: DeclaredClient, clientId: string) => {
    if (!reads.has(declared)) reads.set(declared, readClient(group, clientId, run));
    return reads.get(declared) as Promise<ReadResult>;
  };
  // Describe tells whether a client named by ID exists: no need to wait for the listing.
  for (const c of group.clients) if (c.spec.clientId !== undefined) void start(c, c.spec.clientId);
  const byName = group.clients.filter((c) => c.spec.clientId === undefined);
  const seen = new Map<string, { clientId: string; count: number }>();
  const onPage = (page: readonly ClientSummary[]) => {
    for (const s of page) {
      const was = seen.get(s.clientName);
      seen.set(s.clientName, { clientId: was?.clientId ?? s.clientId, count: (was?.count ?? 0) + 1 });
    }
    // A name seen once so far is read now; should a later page show it again, the read is dropped.
    for (const c of byName) {
      const s = seen.get(c.spec.clientName ?? "");
      if (s?.count === 1) void start(c, s.clientId);
    }
  };
  return { start, onPage };
}

export async function planPool(group: PoolGroup, run: PoolRun): Promise<PoolResult> {
  const reads = startReads(group, run);
  const listing = listPool(group, run, reads.onPage);
  // Every entry waits for the names to be resolved, so no write starts before they are.
  const resolved = listing.then((l) => ("error" in l ? l : { matches: resolve(group, l.listed) }));
  // Read by the first update, so it overlaps the remaining client reads.
  let poolRead: Promise<PoolRead> | undefined;

  const planOne = async (declared: DeclaredClient): Promise<PlanEntry> => {
    const fail = (error: PlanError, clientId?: string): PlanEntry => ({
      declared,
      plan: errorPlan(declared, error, group.region, clientId),
    });
    const names = await resolved;
    if ("error" in names) return fail(names.error);
    const match = names.matches.get(declared) ?? { clientId: declared.spec.clientId ?? "" };
    if ("error" in match) {
      return fail(match.error, ("clientId" in match ? match.clientId : undefined) ?? declared.spec.clientId);
    }
    const result = await reads.start(declared, match.clientId);
    if ("fatal" in result) throw result.fatal;
    if ("error" in result) return fail(result.error, match.clientId);
    const { plan, toSend } = assessClient(declared, result.read.live, group.region, run.mode);
    // Only an update apply would send is checked against the pool (never in drift, which sends none).
    if (!run.poolChecks || !toSend) return { declared, read: result.read, plan };
    poolRead ??= readPoolContext(run.port, group.userPoolId);
    const { pool } = await poolRead;
    return { declared, read: result.read, pool, plan: checkAgainstPool(plan, toSend, pool) };
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
      const entry = await Promise.race([planOne(declared), run.stopped.then(() => notRead(declared))]);
      if (!entry.notRead) run.done(entry);
      return entry;
    }),
  );
  const list = await Promise.race([listing, run.stopped.then(() => ({ listed: undefined }))]);
  const unmanaged =
    run.listUnmanaged && "listed" in list && list.listed ? unmanagedOf(group, list.listed) : [];
  const checked = poolRead ? await Promise.race([poolRead, run.stopped.then(() => undefined)]) : undefined;
  const skipped = checked?.skipped;
  const warnings = skipped ? [{ userPoolId: group.userPoolId, region: group.region, ...skipped }] : [];
  return { entries, unmanaged, warnings };
}
