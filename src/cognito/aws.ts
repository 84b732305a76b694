/**
 * The one adapter over the AWS SDK. Every request goes through the quota limiter and the retry
 * policy; answers about a client are read raw for members the SDK's model does not know; the
 * client secret is dropped here and never leaves the adapter.
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
import { type Clock, realClock } from "../clock.js";
import { GitopsError } from "../errors.js";
import type { ApiConfig } from "../model/convert.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import { isRetryable, isThrottle, requestFailure } from "./aws-errors.js";
import { type Category, categoryOf, DEFAULT_RATES, RateLimiter, type Rates } from "./limiter.js";
import { memberPaths, toLiveClient } from "./live-client.js";
import {
  CognitoError,
  type CognitoPort,
  type ListOptions,
  type UpdateOptions,
  type UpdateResult,
} from "./port.js";
import { DEFAULT_RETRY, NO_RETRY, RetriesExhausted, type RetryPolicy, withRetry } from "./retry.js";

export type CallStats = { calls: Map<string, number>; throttled: number };

export function newCallStats(): CallStats {
  return { calls: new Map(), throttled: 0 };
}

/** How long one request may take: to connect, and for AWS to answer once the request is sent. */
export type Timeouts = { connectMs: number; responseMs: number };

/**
 * An endpoint that accepts and never answers would hang a run: a request that times out fails
 * like a network error and is retried within the retry budget, so the run ends within minutes.
 */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, responseMs: 15_000 };

export type AwsOptions = {
  region: string;
  profile?: string;
  endpoint?: string;
  rates?: Rates;
  /** Retries of reads (an update is never resent here: apply rebuilds it from a fresh read). */
  retry?: RetryPolicy;
  timeouts?: Timeouts;
  clock?: Clock;
  /** Shared across adapters of one account so that the account-wide quota holds. */
  limiter?: RateLimiter;
  onNotice?: (message: string) => void;
  /** Requests sent (attempts included) and throttled, shared by the adapters of one run. */
  stats?: CallStats;
};

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** What a command's raw answer said about its `UserPoolClient`, filled in as the answer arrives. */
type RawClient = { members?: string[] | undefined };

/** A command's own middleware stack (the SDK types it per command; only `add` is used here). */
// biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types are generic over every command
type AnyCommand = { middlewareStack: { add(middleware: any, options: any): void } };

/**
 * The SDK drops members its model does not know: look at the raw answer's `UserPoolClient` to find
 * them, so a client holding a newer AWS field is never updated (which would reset that field).
 */
function watchRawClient(command: AnyCommand): RawClient {
  const raw: RawClient = {};
  command.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: see AnyCommand
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
          raw.members = memberPaths(parsed.UserPoolClient ?? {});
        } catch {
          raw.members = undefined;
        }
      }
      return result;
    },
    { step: "deserialize", priority: "low", name: "cognitoGitopsRawMembers" },
  );
  return raw;
}

function liveFromAnswer(userPoolId: string, client: UserPoolClientType, raw: RawClient): LiveClient {
  return toLiveClient(userPoolId, client, raw.members ?? memberPaths(client as Record<string, unknown>));
}

/**
 * What a request that failed outside the quota middleware (credentials and signing come after it
 * has let go) ends with: the same errors as those inside it.
 */
function failure(err: unknown): never {
  if (err instanceof CognitoError || err instanceof GitopsError) throw err;
  throw requestFailure(err, 1);
}

async function* wrapPages<T>(pages: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* pages;
  } catch (err) {
    failure(err);
  }
}

export class AwsCognito implements CognitoPort {
  readonly client: CognitoIdentityProviderClient;
  readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  readonly stats: CallStats;

  private closed = false;
  /** Per pool, the reads a listing leads to (the pages of a paginator carry no options of their own). */
  private readonly expectedReads = new Map<string, number>();

  constructor(options: AwsOptions) {
    const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    const config: CognitoIdentityProviderClientConfig = {
      region: options.region,
      maxAttempts: 1, // retries are ours: bounded, quota-aware, and on an injectable clock
      // requestTimeout alone only logs a warning in this SDK release; throwOnRequestTimeout ends the request.
      requestHandler: {
        connectionTimeout: timeouts.connectMs,
        requestTimeout: timeouts.responseMs,
        socketTimeout: timeouts.responseMs,
        throwOnRequestTimeout: true,
      },
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

  /**
   * Every attempt of every request (paginator pages included) waits for its quota slot. Reads are
   * retried here; a write is sent once: resending it would resend a configuration read before the
   * failure, so apply reads the client again and rebuilds the request instead.
   */
  private installQuotaMiddleware(): void {
    this.client.middlewareStack.addRelativeTo(
      // biome-ignore lint/suspicious/noExplicitAny: see above
      (next: any, context: any) => async (args: any) => {
        const operation = String(context.commandName ?? "").replace(/Command$/, "");
        const category = categoryOf(operation);
        const poolId = String(args.input?.UserPoolId ?? "");
        let failedMs = 0;
        try {
          const { value } = await withRetry(
            async () => {
              const request: UpdateOptions = context.cognitoGitops ?? {};
              const weight = operation === "ListUserPoolClients" ? this.expectedReads.get(poolId) : undefined;
              await this.limiter.acquire(category, poolId, operation, { signal: request.signal, weight });
              if (this.closed) throw new CognitoError("ConnectionClosed", "the connection was closed", false);
              this.stats.calls.set(operation, (this.stats.calls.get(operation) ?? 0) + 1);
              request.onSent?.();
              const sent = this.clock.now();
              try {
                return await next(args);
              } catch (err) {
                failedMs += this.clock.now() - sent;
                throw err;
              }
            },
            {
              policy: category === "write" ? NO_RETRY : this.retry,
              clock: this.clock,
              retryable: isRetryable,
              onRetry: (err) => this.noteThrottle(err, category),
              failedMs: () => failedMs,
            },
          );
          this.limiter.succeeded(category);
          return value;
        } catch (err) {
          if (err instanceof RetriesExhausted) {
            this.noteThrottle(err.last, category);
            throw requestFailure(err.last, err.attempts);
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

  async listClients(userPoolId: string, options: ListOptions = {}): Promise<ClientSummary[]> {
    if (options.expectedReads !== undefined) this.expectedReads.set(userPoolId, options.expectedReads);
    const out: ClientSummary[] = [];
    const pages = paginateListUserPoolClients(
      { client: this.client, pageSize: 60 },
      { UserPoolId: userPoolId },
    );
    for await (const page of wrapPages(pages)) {
      const summaries = (page.UserPoolClients ?? []).map((c) => ({
        userPoolId,
        clientId: c.ClientId ?? "",
        clientName: c.ClientName ?? "",
      }));
      out.push(...summaries);
      options.onPage?.(summaries);
    }
    return out;
  }

  async describeClient(userPoolId: string, clientId: string): Promise<LiveClient> {
    const command = new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId });
    const raw = watchRawClient(command);
    const out = await this.client.send(command).catch(failure);
    if (!out.UserPoolClient)
      throw new CognitoError("ResourceNotFoundException", `client ${clientId} not found`, false);
    return liveFromAnswer(userPoolId, out.UserPoolClient, raw);
  }

  async updateClient(
    userPoolId: string,
    clientId: string,
    config: ApiConfig,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    const input = {
      ...config,
      UserPoolId: userPoolId,
      ClientId: clientId,
    } as UpdateUserPoolClientCommandInput;
    const command = new UpdateUserPoolClientCommand(input);
    const raw = watchRawClient(command);
    // The quota middleware finds the signal and the callback in the request's context.
    command.middlewareStack.add(
      // biome-ignore lint/suspicious/noExplicitAny: see AnyCommand
      (next: any, context: any) => (args: any) => {
        context.cognitoGitops = options;
        return next(args);
      },
      { step: "initialize", name: "cognitoGitopsRequest" },
    );
    const out = await this.client.send(command).catch(failure);
    const client = out.UserPoolClient;
    // An answer without the client leaves open whether the update was stored: ambiguous, like a 5xx.
    if (!client)
      throw new CognitoError("InternalErrorException", "UpdateUserPoolClient returned no client", true);
    return { client: liveFromAnswer(userPoolId, client, raw) };
  }

  /** Frees the sockets; requests still waiting for their quota slot then fail at once. */
  destroy(): void {
    this.closed = true;
    this.client.destroy();
  }
}
