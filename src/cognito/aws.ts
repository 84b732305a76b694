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
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { type Clock, realClock } from "../clock.js";
import type { ApiConfig } from "../model/convert.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import type { PoolSettings, ResourceServer } from "../model/pool.js";
import { isRetryable, isThrottle, requestFailure } from "./aws-errors.js";
import { type Category, categoryOf, DEFAULT_RATES, RateLimiter, type Rates } from "./limiter.js";
import { memberPaths, toLiveClient } from "./live-client.js";
import { CognitoError, type CognitoPort, type UpdateResult } from "./port.js";
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
  /** Connection agents for the SDK's Node handler (a proxy's tunnelling agents). */
  agents?: { httpAgent: HttpAgent; httpsAgent: HttpsAgent };
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

export class AwsCognito implements CognitoPort {
  readonly client: CognitoIdentityProviderClient;
  readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  readonly stats: CallStats;
  /** Where requests go, for messages about answers that are not Cognito's. */
  private readonly endpoint: string;

  constructor(options: AwsOptions) {
    this.endpoint = options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com`;
    const config: CognitoIdentityProviderClientConfig = {
      region: options.region,
      maxAttempts: 1, // retries are ours: bounded, quota-aware, and on an injectable clock
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.agents ? { requestHandler: { ...options.agents } } : {}),
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
      // biome-ignore lint/suspicious/noExplicitAny: see above
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
    const raw = watchRawClient(command);
    const out = await this.client.send(command);
    if (!out.UserPoolClient)
      throw new CognitoError("ResourceNotFoundException", `client ${clientId} not found`, false);
    return liveFromAnswer(userPoolId, out.UserPoolClient, raw);
  }

  async updateClient(userPoolId: string, clientId: string, config: ApiConfig): Promise<UpdateResult> {
    const input = {
      ...config,
      UserPoolId: userPoolId,
      ClientId: clientId,
    } as UpdateUserPoolClientCommandInput;
    const command = new UpdateUserPoolClientCommand(input);
    const raw = watchRawClient(command);
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
    return { client: liveFromAnswer(userPoolId, client, raw), attempts: meta.attempts };
  }

  async describePool(userPoolId: string): Promise<PoolSettings> {
    const out = await this.client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
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
    for await (const page of pages) {
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
    for await (const page of pages) {
      for (const r of page.ResourceServers ?? []) {
        out.push({
          identifier: r.Identifier ?? "",
          scopes: (r.Scopes ?? []).flatMap((x) => (x.ScopeName ? [x.ScopeName] : [])),
        });
      }
    }
    return out;
  }

  destroy(): void {
    this.client.destroy();
  }
}
