/**
 * The one adapter over the AWS SDK. Every request goes through the quota limiter and the retry
 * policy; Describe's raw answer is inspected for members the SDK's model does not know; the
 * client secret is dropped here and never leaves this file.
 */
import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
  DescribeUserPoolClientCommand,
  paginateListUserPoolClients,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientCommandInput,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { summarizeError } from "../errors.js";
import type { ApiConfig } from "../model/convert.js";
import {
  FIELDS,
  READ_ONLY_API_MEMBERS,
  TOKEN_UNIT_API,
  TOKEN_UNITS_FIELD,
  UPDATABLE_API_MEMBERS,
} from "../model/fields.js";
import {
  type Category,
  type Clock,
  categoryOf,
  DEFAULT_RATES,
  RateLimiter,
  type Rates,
  realClock,
} from "./limiter.js";
import {
  type ClientSummary,
  CognitoError,
  type CognitoPort,
  type LiveClient,
  type UpdateResult,
} from "./port.js";
import { DEFAULT_RETRY, RetriesExhausted, type RetryPolicy, withRetry } from "./retry.js";

export type CallStats = { calls: Map<string, number>; throttled: number };

export function newCallStats(): CallStats {
  return { calls: new Map(), throttled: 0 };
}

export type AwsOptions = {
  region: string;
  profile?: string;
  endpoint?: string;
  rates?: Rates;
  retry?: RetryPolicy;
  clock?: Clock;
  /** Shared across adapters of one account so that the account-wide quota holds. */
  limiter?: RateLimiter;
  onNotice?: (message: string) => void;
  /** Requests sent (attempts included) and throttled, shared by the adapters of one run. */
  stats?: CallStats;
};

const RETRYABLE_NAMES = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "InternalErrorException",
  "TimeoutError",
  "RequestTimeout",
]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND"]);

type SdkLikeError = {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
};

export function isThrottle(err: unknown): boolean {
  const name = (err as SdkLikeError)?.name ?? "";
  return name === "TooManyRequestsException" || name === "ThrottlingException";
}

export function isRetryable(err: unknown): boolean {
  const e = err as SdkLikeError;
  if (!e || typeof e !== "object") return false;
  if (RETRYABLE_NAMES.has(e.name ?? "")) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (NETWORK_CODES.has(e.code ?? "")) return true;
  return false;
}

const UPDATABLE = new Set(UPDATABLE_API_MEMBERS);
const READ_ONLY = new Set<string>(READ_ONLY_API_MEMBERS);

/** Members of the object-valued fields, as `Parent.Member`: an update resets an unknown one too. */
const KNOWN_NESTED = new Set<string>([
  ...FIELDS.flatMap((f) => (f.kind.type === "object" ? f.kind.members.map((m) => `${f.api}.${m.api}`) : [])),
  ...Object.values(TOKEN_UNIT_API).map((u) => `${TOKEN_UNITS_FIELD.api}.${u}`),
]);

function isUnknownMember(path: string): boolean {
  const dot = path.indexOf(".");
  if (dot < 0) return !UPDATABLE.has(path) && !READ_ONLY.has(path);
  return UPDATABLE.has(path.slice(0, dot)) && !KNOWN_NESTED.has(path);
}

/** Top-level member names of a raw answer, and `Parent.Member` for the members of object values. */
export function memberPaths(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    out.push(k);
    if (v && typeof v === "object" && !Array.isArray(v))
      for (const sub of Object.keys(v)) out.push(`${k}.${sub}`);
  }
  return out;
}

function iso(d: Date | undefined): string | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

/** The tool's view of a described client: updatable members only, and no secret. */
export function toLiveClient(
  userPoolId: string,
  c: UserPoolClientType,
  rawMembers: readonly string[],
): LiveClient {
  const config: ApiConfig = {};
  for (const [k, v] of Object.entries(c)) if (UPDATABLE.has(k) && v !== undefined) config[k] = v;
  const creationDate = iso(c.CreationDate);
  const lastModifiedDate = iso(c.LastModifiedDate);
  return {
    userPoolId,
    clientId: c.ClientId ?? "",
    clientName: c.ClientName ?? "",
    config,
    hasSecret: typeof c.ClientSecret === "string" && c.ClientSecret.length > 0,
    ...(c.ClientType ? { clientType: c.ClientType } : {}),
    ...(creationDate ? { creationDate } : {}),
    ...(lastModifiedDate ? { lastModifiedDate } : {}),
    unknownMembers: rawMembers.filter(isUnknownMember).sort(),
  };
}

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

function toCognitoError(err: unknown, attempts: number): CognitoError {
  const { code, message } = summarizeError(err);
  return new CognitoError(code, message, isRetryable(err), attempts);
}

export class AwsCognito implements CognitoPort {
  readonly client: CognitoIdentityProviderClient;
  readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  readonly stats: CallStats;

  constructor(options: AwsOptions) {
    const config: CognitoIdentityProviderClientConfig = {
      region: options.region,
      maxAttempts: 1, // retries are ours: bounded, quota-aware, and on an injectable clock
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
    };
    this.client = new CognitoIdentityProviderClient(config);
    this.clock = options.clock ?? realClock;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.stats = options.stats ?? newCallStats();
    this.limiter =
      options.limiter ??
      new RateLimiter(options.rates ?? DEFAULT_RATES, this.clock, options.onNotice ?? (() => {}));
    this.installQuotaMiddleware();
  }

  /** Every attempt of every request (paginator pages included) waits for its quota slot. */
  private installQuotaMiddleware(): void {
    this.client.middlewareStack.addRelativeTo(
      // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types are generic over every command
      (next: any, context: any) => async (args: any) => {
        const operation = String(context.commandName ?? "").replace(/Command$/, "");
        const category = categoryOf(operation);
        const poolId = String(args.input?.UserPoolId ?? "");
        try {
          const { value, attempts } = await withRetry(
            async () => {
              await this.limiter.acquire(category, poolId, operation);
              this.stats.calls.set(operation, (this.stats.calls.get(operation) ?? 0) + 1);
              return next(args);
            },
            {
              policy: this.retry,
              clock: this.clock,
              retryable: isRetryable,
              onRetry: (err) => this.noteThrottle(err, category),
            },
          );
          this.limiter.succeeded(category);
          if (context.cognitoGitops) context.cognitoGitops.attempts = attempts;
          return value;
        } catch (err) {
          if (err instanceof RetriesExhausted) {
            this.noteThrottle(err.last, category);
            throw toCognitoError(err.last, err.attempts);
          }
          throw err;
        }
      },
      { relation: "after", toMiddleware: "retryMiddleware", name: "cognitoGitopsQuota", override: true },
    );
  }

  /** A throttled answer counts, and slows the category down. */
  private noteThrottle(err: unknown, category: Category): void {
    if (!isThrottle(err)) return;
    this.stats.throttled++;
    this.limiter.throttled(category);
  }

  async listClients(userPoolId: string): Promise<ClientSummary[]> {
    const out: ClientSummary[] = [];
    const pages = paginateListUserPoolClients(
      { client: this.client, pageSize: 60 },
      { UserPoolId: userPoolId },
    );
    for await (const page of pages) {
      for (const c of page.UserPoolClients ?? []) {
        out.push({ userPoolId, clientId: c.ClientId ?? "", clientName: c.ClientName ?? "" });
      }
    }
    return out;
  }

  async describeClient(userPoolId: string, clientId: string): Promise<LiveClient> {
    const command = new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId });
    let rawMembers: string[] | undefined;
    // The SDK drops members its model does not know; look at the raw answer to find them.
    command.middlewareStack.add(
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (next: any) => async (args: any) => {
        const result = await next(args);
        const response = result.response as { statusCode?: number; body?: unknown };
        if ((response.statusCode ?? 0) < 300) {
          const bytes = await readBody(response.body);
          response.body = bytes;
          try {
            const parsed = JSON.parse(new TextDecoder().decode(bytes)) as {
              UserPoolClient?: Record<string, unknown>;
            };
            rawMembers = memberPaths(parsed.UserPoolClient ?? {});
          } catch {
            rawMembers = undefined;
          }
        }
        return result;
      },
      { step: "deserialize", priority: "low", name: "cognitoGitopsRawMembers" },
    );
    const out = await this.client.send(command);
    if (!out.UserPoolClient)
      throw new CognitoError("ResourceNotFoundException", `client ${clientId} not found`, false);
    return toLiveClient(
      userPoolId,
      out.UserPoolClient,
      rawMembers ?? memberPaths(out.UserPoolClient as Record<string, unknown>),
    );
  }

  async updateClient(userPoolId: string, clientId: string, config: ApiConfig): Promise<UpdateResult> {
    const input = {
      ...config,
      UserPoolId: userPoolId,
      ClientId: clientId,
    } as UpdateUserPoolClientCommandInput;
    const command = new UpdateUserPoolClientCommand(input);
    const meta = { attempts: 1 };
    command.middlewareStack.add(
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (next: any, context: any) => (args: any) => {
        context.cognitoGitops = meta;
        return next(args);
      },
      { step: "initialize", name: "cognitoGitopsAttempts" },
    );
    const out = await this.client.send(command);
    const client = out.UserPoolClient;
    if (!client)
      throw new CognitoError("InternalErrorException", "UpdateUserPoolClient returned no client", false);
    return {
      client: toLiveClient(userPoolId, client, memberPaths(client as Record<string, unknown>)),
      attempts: meta.attempts,
    };
  }

  destroy(): void {
    this.client.destroy();
  }
}
