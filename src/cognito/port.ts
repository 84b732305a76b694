/** The narrow port between the tool and Cognito: list, describe, update. */
import type { ApiConfig } from "../model/convert.js";

export type ClientSummary = { userPoolId: string; clientId: string; clientName: string };

/** A live app client as the tool sees it. The secret never leaves the adapter. */
export type LiveClient = {
  userPoolId: string;
  clientId: string;
  clientName: string;
  /** The updatable members, as Describe returned them. */
  config: ApiConfig;
  hasSecret: boolean;
  clientType?: string;
  creationDate?: string;
  lastModifiedDate?: string;
  /**
   * Members Describe returned that are neither updatable nor known read-only, top-level or inside
   * an object-valued field (`RefreshTokenRotation.NewMember`): an update would reset them.
   */
  unknownMembers: string[];
};

export type UpdateResult = { client: LiveClient; attempts: number };

export interface CognitoPort {
  listClients(userPoolId: string): Promise<ClientSummary[]>;
  describeClient(userPoolId: string, clientId: string): Promise<LiveClient>;
  /** Sends the whole configuration; returns the client as AWS answered. */
  updateClient(userPoolId: string, clientId: string, config: ApiConfig): Promise<UpdateResult>;
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
