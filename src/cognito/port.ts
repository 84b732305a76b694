/** The narrow port between the tool and Cognito: list, describe, update. */
import type { ApiConfig } from "../model/convert.js";
import type { ClientSummary, LiveClient } from "../model/live.js";

export type UpdateResult = { client: LiveClient; attempts: number };

export interface CognitoPort {
  listClients(userPoolId: string): Promise<ClientSummary[]>;
  describeClient(userPoolId: string, clientId: string): Promise<LiveClient>;
  /** Sends the whole configuration; returns the client as AWS answered. */
  updateClient(userPoolId: string, clientId: string, config: ApiConfig): Promise<UpdateResult>;
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
