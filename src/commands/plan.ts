/** `plan` and `drift`: read the live clients of every managed pool, then compare. Orchestration only. */
import type { CognitoPort, LiveClient } from "../cognito/port.js";
import { GitopsError, summarizeError } from "../errors.js";
import { type ClientPlan, makePlan, type Plan, type PlanError, type UnmanagedClient } from "../plan/model.js";
import { errorPlan, matchClient, planClient } from "../plan/planner.js";
import type { SpecClient, SpecFile } from "../spec/load.js";

/** Opens the port for one Region (one adapter, one quota limiter per account and Region). */
export type Connect = (region: string) => CognitoPort;

export type PlanOptions = {
  connect: Connect;
  /** Region for pools whose spec names none and whose ID does not start with one. */
  defaultRegion?: string | undefined;
  /** Only these pools / client names (sharding); empty means all. */
  pools?: readonly string[];
  clientNames?: readonly string[];
  /** Called as clients are read (plan) or updated (apply). */
  onProgress?: Progress;
};

export type Progress = (phase: "read" | "update", done: number, total: number) => void;

/** One planned client with what was read for it, so apply can build its request. */
export type PlanEntry = { spec: SpecClient; plan: ClientPlan; live?: LiveClient };

export type PlanRun = { plan: Plan; entries: PlanEntry[] };

const REGION_PREFIX = /^([a-z]{2}(?:-[a-z]+)+-\d+)_/;

/** The Region a pool ID starts with (us-east-1_AbC), if it starts with one. */
export function poolIdRegion(userPoolId: string): string | undefined {
  return REGION_PREFIX.exec(userPoolId)?.[1];
}

/**
 * The Region of a spec's pool: the spec's own, else the one its ID starts with (a pool ID names
 * its Region), else the --region flag or AWS_REGION (for emulators' IDs such as local_abc).
 */
export function regionOf(
  spec: { region?: string | undefined; userPoolId: string },
  fallback?: string,
): string {
  const region = spec.region ?? poolIdRegion(spec.userPoolId) ?? fallback;
  if (!region) {
    throw new GitopsError(
      "NoRegion",
      `no AWS Region for user pool ${spec.userPoolId}: set region in its spec, pass --region, or set AWS_REGION`,
    );
  }
  return region;
}

/** An AWS failure as a plan error; missing credentials stop the whole run instead. */
export function awsError(err: unknown): PlanError {
  const e = err as { code?: string; name?: string; message?: string };
  if (e?.name === "CredentialsProviderError" || e?.code === "CredentialsProviderError") {
    throw new GitopsError(
      "NoCredentials",
      "no AWS credentials found: set AWS_PROFILE or --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use OIDC in GitHub Actions",
    );
  }
  return summarizeError(err);
}

type PoolGroup = { region: string; userPoolId: string; clients: SpecClient[] };

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
  // A selector that matches nothing is a typo, not an empty shard: a green run would hide it.
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
  return [...groups.values()];
}

/** Lists a pool only when needed: to resolve a name, or to report unmanaged clients. */
async function listIfNeeded(group: PoolGroup, port: CognitoPort, listUnmanaged: boolean) {
  if (!listUnmanaged && group.clients.every((c) => c.spec.clientId !== undefined))
    return { listed: undefined };
  try {
    return { listed: await port.listClients(group.userPoolId) };
  } catch (err) {
    const error = awsError(err);
    return {
      error: { code: error.code, message: `listing user pool ${group.userPoolId}: ${error.message}` },
    };
  }
}

const NOT_FOUND = new Set(["ResourceNotFoundException"]);

async function planPool(group: PoolGroup, port: CognitoPort, listUnmanaged: boolean, tick: () => void) {
  const entries: PlanEntry[] = [];
  const list = await listIfNeeded(group, port, listUnmanaged);
  if ("error" in list && list.error) {
    for (const spec of group.clients) entries.push({ spec, plan: errorPlan(spec, list.error, group.region) });
    return { entries, unmanaged: [] as UnmanagedClient[] };
  }
  const listed = list.listed;
  const matched = new Set<string>();
  const named = new Set<string>();
  await Promise.all(
    group.clients.map(async (spec, i) => {
      // Without a listing every spec client has a clientId: Describe tells whether it exists.
      const match = listed ? matchClient(spec, listed) : { clientId: spec.spec.clientId ?? "" };
      if (listed && spec.spec.clientId === undefined) {
        // Clients a spec names, even ambiguously, are not "unmanaged".
        for (const c of listed) if (c.clientName === spec.spec.clientName) named.add(c.clientId);
      }
      if ("error" in match) {
        entries[i] = { spec, plan: errorPlan(spec, match.error, group.region) };
        tick();
        return;
      }
      matched.add(match.clientId);
      try {
        const live = await port.describeClient(group.userPoolId, match.clientId);
        entries[i] = { spec, live, plan: planClient(spec, live, group.region) };
      } catch (err) {
        const error = awsError(err);
        const missing = NOT_FOUND.has(error.code)
          ? {
              code: "ClientNotFound",
              message: `no app client ${match.clientId} in user pool ${group.userPoolId} (${error.message})`,
            }
          : error;
        entries[i] = { spec, plan: errorPlan(spec, missing, group.region, match.clientId) };
      }
      tick();
    }),
  );
  const unmanaged =
    listUnmanaged && listed ? listed.filter((c) => !matched.has(c.clientId) && !named.has(c.clientId)) : [];
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

/** Reads every managed pool and plans every spec client; per-client failures become `error` entries. */
export async function planSpecs(specs: readonly SpecFile[], options: PlanOptions): Promise<PlanRun> {
  const groups = groupByPool(specs, options);
  const portFor = sharedConnect(options.connect);
  const listUnmanaged = (options.clientNames ?? []).length === 0;
  const total = groups.reduce((n, g) => n + g.clients.length, 0);
  let done = 0;
  const tick = () => options.onProgress?.("read", ++done, total);
  const results = await Promise.all(groups.map((g) => planPool(g, portFor(g.region), listUnmanaged, tick)));
  const entries = results.flatMap((r) => r.entries);
  const order = (e: PlanEntry) =>
    `${e.spec.source.file}\u0000${String(e.spec.source.index).padStart(6, "0")}`;
  entries.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const unmanaged = results
    .flatMap((r) => r.unmanaged)
    .sort((a, b) => a.userPoolId.localeCompare(b.userPoolId) || a.clientName.localeCompare(b.clientName));
  return {
    plan: makePlan(
      entries.map((e) => e.plan),
      unmanaged,
    ),
    entries,
  };
}
