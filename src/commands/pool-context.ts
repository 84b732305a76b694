/**
 * Reads a managed pool's own settings for the pool checks: DescribeUserPool,
 * ListIdentityProviders and ListResourceServers, once per pool and run. A read the role may not
 * make (or that fails) leaves its part out, so the checks that need it are skipped, and says so.
 */
import type { CognitoPort } from "../cognito/port.js";
import { rethrowFatal, summarizeError } from "../errors.js";
import type { PoolContext } from "../model/pool.js";

export type SkippedChecks = { code: string; message: string };

export type PoolRead = {
  pool: PoolContext;
  /** Why some checks were skipped, one line for the pool; absent when every read succeeded. */
  skipped?: SkippedChecks;
};

type Failure = { operation: string; code: string; message: string };

async function attempt<T>(operation: string, read: () => Promise<T>): Promise<T | Failure> {
  try {
    return await read();
  } catch (err) {
    rethrowFatal(err);
    return { operation, ...summarizeError(err) };
  }
}

function isFailure(v: unknown): v is Failure {
  return typeof v === "object" && v !== null && "operation" in v && "code" in v;
}

function skippedNote(userPoolId: string, failures: readonly Failure[]): SkippedChecks {
  const denied = failures.filter((f) => f.code === "AccessDeniedException");
  const other = failures.filter((f) => f.code !== "AccessDeniedException");
  const parts = [
    ...(denied.length > 0
      ? [
          `the role lacks ${denied.map((f) => `cognito-idp:${f.operation}`).join(", ")} (AccessDeniedException)`,
        ]
      : []),
    ...other.map((f) => `${f.operation} failed (${f.code}: ${f.message})`),
  ];
  return {
    code: denied.length === failures.length ? "PoolChecksDenied" : "PoolChecksSkipped",
    message: `pool checks skipped for user pool ${userPoolId}: ${parts.join("; ")}; the checks that need these reads were not made`,
  };
}

/** The pool's context; every part that could be read. Never throws for AWS errors. */
export async function readPoolContext(port: CognitoPort, userPoolId: string): Promise<PoolRead> {
  const [settings, idps, servers] = await Promise.all([
    attempt("DescribeUserPool", () => port.describePool(userPoolId)),
    attempt("ListIdentityProviders", () => port.listIdentityProviders(userPoolId)),
    attempt("ListResourceServers", () => port.listResourceServers(userPoolId)),
  ]);
  const pool: PoolContext = { userPoolId };
  if (!isFailure(settings)) {
    pool.attributes = settings.attributes;
    if (settings.tier !== undefined) pool.tier = settings.tier;
  }
  if (!isFailure(idps)) pool.identityProviders = idps;
  if (!isFailure(servers)) pool.resourceServers = servers;
  const failures = [settings, idps, servers].filter(isFailure);
  return failures.length > 0 ? { pool, skipped: skippedNote(userPoolId, failures) } : { pool };
}
