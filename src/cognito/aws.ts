/**
 * The one adapter over the AWS SDK. Every request goes through the quota limiter and the retry
 * policy; answers about a client are read raw for members the SDK's model does not know; the
 * client secret is dropped here and never leaves the adapter.
 */

import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import {
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  paginateListIdentityProviders,
  paginateListResourceServers,
  paginateListUserPoolClients,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { type Clock, realClock } from "../clock.js";
import type { ApiConfig } from "../model/convert.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import type { PoolSettings, ResourceServer } from "../model/pool.js";
import { failure, isRetryable, isThrottle, requestFailure, wrapPages } from "./aws-errors.js";
import { type Category, categoryOf, DEFAULT_RATES, RateLimiter, type Rates } from "./limiter.js";
import {
  CognitoError,
  type CognitoPort,
  type ListOptions,
  type UpdateOptions,
  type UpdateResult,
} from "./port.js";
import { liveFromAnswer, watchRawClient } from "./raw-answer.js";
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
const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, responseMs: 15_000 };

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
  /** Connection agents for the SDK's Node handler (a proxy's tunnelling agents). */
  agents?: { httpAgent: HttpAgent; httpsAgent: HttpsAgent };
};

export class AwsCognito implements CognitoPort {
  readonly client: CognitoIdentityProviderClient;
  readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  readonly stats: CallStats;
  /** Where requests go, for messages about answers that are not Cognito's. */
  private readonly endpoint: string;

  private closed = false;
  /** Turns an SDK error into ours; missing credentials after requests were sent have run out. */
  private readonly failed = (err: unknown): never =>
    failure(this.endpoint, () => this.stats.calls.size > 0)(err);
  /** Per pool, the reads a listing leads to (the pages of a paginator carry no options of their own). */
  private readonly expectedReads = new Map<string, number>();

  constructor(options: AwsOptions) {
    this.endpoint = options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com`;
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
        ...(options.agents ?? {}),
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
            throw requestFailure(err.last, err.attempts, this.endpoint);
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
    for await (const page of wrapPages(pages, this.failed)) {
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
    const out = await this.client.send(command).catch(this.failed);
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
    const out = await this.client.send(command).catch(this.failed);
    const client = out.UserPoolClient;
    // An answer without the client leaves open whether the update was stored: ambiguous, like a 5xx.
    if (!client)
      throw new CognitoError("InternalErrorException", "UpdateUserPoolClient returned no client", true);
    return { client: liveFromAnswer(userPoolId, client, raw) };
  }

  async describePool(userPoolId: string): Promise<PoolSettings> {
    const out = await this.client
      .send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))
      .catch(this.failed);
    const pool = out.UserPool;
    if (!pool)
      throw new CognitoError("ResourceNotFoundException", `user pool ${userPoolId} not found`, false);
    return {
      attributes: (pool.SchemaAttributes ?? []).flatMap((a) => (a.Name ? [a.Name] : [])),
      ...(pool.UserPoolTier ? { tier: pool.UserPoolTier } : {}),
    };
  }

  async listIdentityProviders(userPoolId: string): Promise<string[]> {
    const out: string[] = [];
    const pages = paginateListIdentityProviders(
      { client: this.client, pageSize: 60 },
      { UserPoolId: userPoolId },
    );
    for await (const page of wrapPages(pages, this.failed)) {
      for (const p of page.Providers ?? []) if (p.ProviderName) out.push(p.ProviderName);
    }
    return out;
  }

  async listResourceServers(userPoolId: string): Promise<ResourceServer[]> {
    const out: ResourceServer[] = [];
    const pages = paginateListResourceServers(
      { client: this.client, pageSize: 50 },
      { UserPoolId: userPoolId },
    );
    for await (const page of wrapPages(pages, this.failed)) {
      for (const r of page.ResourceServers ?? []) {
        out.push({
          identifier: r.Identifier ?? "",
          scopes: (r.Scopes ?? []).flatMap((x) => (x.ScopeName ? [x.ScopeName] : [])),
        });
      }
    }
    return out;
  }

  /** Frees the sockets; requests still waiting for their quota slot then fail at once. */
  destroy(): void {
    this.closed = true;
    this.client.destroy();
  }
}
