/** The narrow port between the tool and Cognito: list, describe, update, and the pool reads the checks need. */
import type { ApiConfig } from "../model/convert.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import type { PoolSettings, ResourceServer } from "../model/pool.js";

export type UpdateResult = { client: LiveClient; attempts: number };

export interface CognitoPort {
  listClients(userPoolId: string): Promise<ClientSummary[]>;
  describeClient(userPoolId: string, clientId: string): Promise<LiveClient>;
  /** Sends the whole configuration; returns the client as AWS answered. */
  updateClient(userPoolId: string, clientId: string, config: ApiConfig): Promise<UpdateResult>;
  /** DescribeUserPool: the schema's attribute names and the tier. */
  describePool(userPoolId: string): Promise<PoolSettings>;
  /** ListIdentityProviders, every page: the provider names. */
  listIdentityProviders(userPoolId: string): Promise<string[]>;
  /** ListResourceServers, every page: identifiers and scope names. */
  listResourceServers(userPoolId: string): Promise<ResourceServer[]>;
}

/** Opens the port for one Region (one adapter, one quota limiter per account and Region). */
export type Connect = (region: string) => CognitoPort;

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
