/** The narrow port between the tool and Cognito: list, describe, update, and the pool reads the checks need. */
import type { ApiConfig } from "../model/convert.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import type { PoolSettings, ResourceServer } from "../model/pool.js";

/** The client as AWS stored it, from the update's own answer. */
export type UpdateResult = { client: LiveClient };

export type ListOptions = {
  /** Sees each page as it arrives, so reads may start on it. */
  onPage?: (page: readonly ClientSummary[]) => void;
  /** How many reads the listing will lead to: the quota scheduler lists the busiest pool first. */
  expectedReads?: number;
};

export type UpdateOptions = {
  /** Aborting it before the request leaves (it may wait for its quota slot) fails it with `Interrupted`. */
  signal?: AbortSignal | undefined;
  /** Called when the request leaves; from then on, only its answer says whether it was stored. */
  onSent?: () => void;
};

export interface CognitoPort {
  /** Every client of the pool. */
  listClients(userPoolId: string, options?: ListOptions): Promise<ClientSummary[]>;
  describeClient(userPoolId: string, clientId: string): Promise<LiveClient>;
  /**
   * Sends the whole configuration once (never resent: a retry must be rebuilt from a fresh read);
   * returns the client as AWS stored it, read from the answer like a Describe.
   */
  updateClient(
    userPoolId: string,
    clientId: string,
    config: ApiConfig,
    options?: UpdateOptions,
  ): Promise<UpdateResult>;
  /** DescribeUserPool: the schema's attribute names and the tier. */
  describePool(userPoolId: string): Promise<PoolSettings>;
  /** ListIdentityProviders, every page: the provider names. */
  listIdentityProviders(userPoolId: string): Promise<string[]>;
  /** ListResourceServers, every page: identifiers and scope names. */
  listResourceServers(userPoolId: string): Promise<ResourceServer[]>;
}

/** Opens the port for one Region (one adapter, one quota limiter per account and Region). */
export type Connect = (region: string) => CognitoPort;

const SHARED = new WeakSet<Connect>();

/**
 * One port per Region, however often it is asked for: one limiter holds the account's quota.
 * A connect that is already shared is returned as it is, so wrapping it again costs nothing.
 */
export function sharedConnect(connect: Connect): Connect {
  if (SHARED.has(connect)) return connect;
  const ports = new Map<string, CognitoPort>();
  const shared: Connect = (region) => {
    let p = ports.get(region);
    if (!p) {
      p = connect(region);
      ports.set(region, p);
    }
    return p;
  };
  SHARED.add(shared);
  return shared;
}

/** An AWS error, carried with its name so callers can tell throttling from a bad request. */
export class CognitoError extends Error {
  override readonly name = "CognitoError";
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly attempts = 1,
  ) {
    super(message);
  }
}
