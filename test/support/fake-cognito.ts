/**
 * A typed, in-memory fake of the Cognito port for fast unit tests of the core (plan orchestration,
 * apply). It keeps what the port promises and nothing more: an update replaces the stored
 * configuration with the one sent, as AWS does. Wire-level behaviour is the emulators' job.
 */
import {
  CognitoError,
  type CognitoPort,
  type ListOptions,
  type UpdateOptions,
  type UpdateResult,
} from "../../src/cognito/port.js";
import type { ApiConfig } from "../../src/model/convert.js";
import type { ClientSummary, LiveClient } from "../../src/model/live.js";
import type { PoolSettings, ResourceServer } from "../../src/model/pool.js";
import { STANDARD_ATTRIBUTES } from "./strict-emulator-pools.js";

export type Operation =
  | "list"
  | "describe"
  | "update"
  | "describePool"
  | "listIdentityProviders"
  | "listResourceServers";

/** A pool's own settings, for the pool checks; unseeded pools have the standard attributes and nothing else. */
export type FakePool = {
  attributes?: string[];
  tier?: string;
  identityProviders?: string[];
  resourceServers?: ResourceServer[];
};

export type Call = { op: Operation; userPoolId: string; clientId?: string; config?: ApiConfig };

export type FakeClientInit = {
  clientId: string;
  /** Updatable members; `ClientName` is the client's name. */
  config: ApiConfig;
  hasSecret?: boolean;
  unknownMembers?: string[];
};

type Failure = {
  op: Operation;
  error: unknown;
  clientId?: string | undefined;
  userPoolId?: string | undefined;
};

/** A typical client's configuration as Describe returns it; `members` are laid over it. */
export function awsConfig(clientName: string, members: ApiConfig = {}): ApiConfig {
  return {
    ClientName: clientName,
    RefreshTokenValidity: 30,
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
    ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
    AllowedOAuthFlowsUserPoolClient: false,
    PreventUserExistenceErrors: "ENABLED",
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
    ...members,
  };
}

const RETRYABLE = new Set([
  "ConcurrentModificationException",
  "TooManyRequestsException",
  "InternalErrorException",
]);

export class FakeCognito implements CognitoPort {
  /** Every call, in order; `config` is a copy of what an update sent. */
  readonly calls: Call[] = [];
  /**
   * Runs at the start of each Describe, with how many Describes of that client the call log holds
   * (this one included): edit the client here as someone in the console would, or throw.
   */
  onDescribe?: (clientId: string, n: number) => void;
  private readonly pools = new Map<string, Map<string, LiveClient>>();
  private readonly poolSettings = new Map<string, FakePool>();
  private readonly failures: Failure[] = [];
  private readonly conflicts = new Map<string, number>();
  private edits = 0;

  /** Adds clients to a pool (made if new). */
  seed(userPoolId: string, ...clients: FakeClientInit[]): void {
    const pool = this.pools.get(userPoolId) ?? new Map<string, LiveClient>();
    this.pools.set(userPoolId, pool);
    for (const c of clients) {
      pool.set(
        c.clientId,
        this.stamp({
          userPoolId,
          clientId: c.clientId,
          clientName: "",
          config: c.config,
          hasSecret: c.hasSecret ?? false,
          unknownMembers: c.unknownMembers ?? [],
        }),
      );
    }
  }

  /** Sets a pool's schema, tier, identity providers and resource servers. */
  seedPool(userPoolId: string, pool: FakePool): void {
    this.poolSettings.set(userPoolId, structuredClone(pool));
  }

  /** A console edit: merges members into the stored configuration (`undefined` removes one). */
  edit(userPoolId: string, clientId: string, members: ApiConfig): void {
    const c = this.stored(userPoolId, clientId);
    const config = { ...c.config, ...structuredClone(members) };
    for (const [k, v] of Object.entries(members)) if (v === undefined) delete config[k];
    this.pools.get(userPoolId)?.set(clientId, this.stamp({ ...c, config }));
  }

  /** The client as stored now. */
  client(userPoolId: string, clientId: string): LiveClient {
    return structuredClone(this.stored(userPoolId, clientId));
  }

  /** Makes `op` fail with a CognitoError of this code (or with this error), for one client or pool. */
  fail(op: Operation, error: string | Error, on: { clientId?: string; userPoolId?: string } = {}): void {
    const e =
      typeof error === "string" ? new CognitoError(error, `${error} (fake)`, RETRYABLE.has(error)) : error;
    this.failures.push({ op, error: e, clientId: on.clientId, userPoolId: on.userPoolId });
  }

  /** The next `times` updates of this client fail with ConcurrentModificationException. */
  conflictOnUpdate(clientId: string, times: number): void {
    this.conflicts.set(clientId, times);
  }

  callsOf(op: Operation): Call[] {
    return this.calls.filter((c) => c.op === op);
  }

  async listClients(userPoolId: string, options: ListOptions = {}): Promise<ClientSummary[]> {
    this.enter({ op: "list", userPoolId });
    const pool = this.pools.get(userPoolId);
    if (!pool)
      throw new CognitoError("ResourceNotFoundException", `User pool ${userPoolId} does not exist.`, false);
    const all = [...pool.values()].map(({ clientId, clientName }) => ({ userPoolId, clientId, clientName }));
    options.onPage?.(all);
    return all;
  }

  async describeClient(userPoolId: string, clientId: string): Promise<LiveClient> {
    this.enter({ op: "describe", userPoolId, clientId });
    this.onDescribe?.(
      clientId,
      this.calls.filter((c) => c.op === "describe" && c.clientId === clientId).length,
    );
    return this.client(userPoolId, clientId);
  }

  async updateClient(
    userPoolId: string,
    clientId: string,
    config: ApiConfig,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    if (options.signal?.aborted)
      throw new CognitoError("Interrupted", "not sent: the run was interrupted", false);
    options.onSent?.();
    this.enter({ op: "update", userPoolId, clientId, config: structuredClone(config) });
    const pending = this.conflicts.get(clientId) ?? 0;
    if (pending > 0) {
      this.conflicts.set(clientId, pending - 1);
      throw new CognitoError(
        "ConcurrentModificationException",
        `Client ${clientId} is being modified.`,
        true,
      );
    }
    const c = this.stored(userPoolId, clientId);
    this.pools.get(userPoolId)?.set(clientId, this.stamp({ ...c, config: structuredClone(config) }));
    return { client: this.client(userPoolId, clientId) };
  }

  async describePool(userPoolId: string): Promise<PoolSettings> {
    this.enter({ op: "describePool", userPoolId });
    const p = this.pool(userPoolId);
    return { attributes: [...(p.attributes ?? STANDARD_ATTRIBUTES)], ...(p.tier ? { tier: p.tier } : {}) };
  }

  async listIdentityProviders(userPoolId: string): Promise<string[]> {
    this.enter({ op: "listIdentityProviders", userPoolId });
    return [...(this.pool(userPoolId).identityProviders ?? [])];
  }

  async listResourceServers(userPoolId: string): Promise<ResourceServer[]> {
    this.enter({ op: "listResourceServers", userPoolId });
    return structuredClone(this.pool(userPoolId).resourceServers ?? []);
  }

  private pool(userPoolId: string): FakePool {
    if (!this.pools.has(userPoolId))
      throw new CognitoError("ResourceNotFoundException", `User pool ${userPoolId} does not exist.`, false);
    return this.poolSettings.get(userPoolId) ?? {};
  }

  /** Logs a call, then throws the first failure switched on for it. */
  private enter(call: Call): void {
    this.calls.push(call);
    const f = this.failures.find(
      (x) =>
        x.op === call.op &&
        (x.clientId === undefined || x.clientId === call.clientId) &&
        (x.userPoolId === undefined || x.userPoolId === call.userPoolId),
    );
    if (f) throw f.error;
  }

  private stored(userPoolId: string, clientId: string): LiveClient {
    const c = this.pools.get(userPoolId)?.get(clientId);
    if (!c)
      throw new CognitoError(
        "ResourceNotFoundException",
        `User pool client ${clientId} does not exist.`,
        false,
      );
    return c;
  }

  /** Name from the configuration, and a new last-modified time on every write. */
  private stamp(c: LiveClient): LiveClient {
    const lastModifiedDate = new Date(Date.UTC(2025, 0, 1) + ++this.edits * 1000).toISOString();
    return { ...structuredClone(c), clientName: String(c.config.ClientName ?? ""), lastModifiedDate };
  }
}
