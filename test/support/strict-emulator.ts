// A strict Amazon Cognito emulator for tests: the user pool and app client operations the project
// needs, over the AWS JSON 1.1 protocol the AWS SDK v3 speaks, with AWS's replace-on-omit update
// semantics, AWS's validation errors (including those that depend on the pool's schema, tier,
// identity providers and resource servers), read-only members (including a secret) and switchable faults.
// See /work/shared/design.md, "Emulators for tests".
import { randomInt, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  checkAgainstPool,
  createProvider,
  createResourceServer,
  type PoolResources,
  page,
  poolResources,
  type Tier,
} from "./strict-emulator-pools.js";
import {
  EmulatorError,
  invalid,
  type Json,
  normaliseSettings,
  optBool,
  optInt,
  optString,
  READ_ONLY_MEMBERS,
  rejectUnknownMembers,
  requireString,
  UPDATABLE_MEMBERS,
} from "./strict-emulator-validation.js";

export type Fault = {
  throttleRate?: number;
  internalErrorRate?: number;
  latencyMs?: number;
  /** Client IDs whose next N UpdateUserPoolClient calls fail with ConcurrentModificationException. */
  concurrentModification?: Map<string, number>;
  /** Token-bucket limits answered with TooManyRequestsException: per account per category (read: Describe+List, write: Create+Update), and per pool per operation. */
  accountReadRate?: number;
  accountWriteRate?: number;
  poolOperationRate?: number;
  /** Operations answered with AccessDeniedException, as for a role without that IAM action. */
  accessDenied?: Set<string>;
};

export type RecordedCall = {
  operation: string;
  input: Record<string, unknown>;
  status: number;
  error?: string;
  at: number;
};

export interface StrictEmulator {
  endpoint: string;
  calls: RecordedCall[];
  faults: Fault;
  createPool(name: string, region?: string, options?: PoolOptions): string;
  /** Configures an identity provider in a pool (for social ones, the name is the type: Google...). */
  addIdentityProvider(poolId: string, name: string, type?: string): void;
  /** Adds a resource server with these scope names. */
  addResourceServer(poolId: string, identifier: string, scopes: readonly string[]): void;
  createClient(poolId: string, input: Record<string, unknown>): { ClientId: string; ClientSecret?: string };
  rawClient(poolId: string, clientId: string): Record<string, unknown>;
  /** Simulates a console edit, or a field a newer AWS has: merges members into the stored client without validation. */
  patchClient(poolId: string, clientId: string, members: Record<string, unknown>): void;
  callsOf(operation: string): RecordedCall[];
  resetCalls(): void;
  close(): Promise<void>;
}

/** Custom attribute names (without `custom:`) and the tier (default ESSENTIALS, as AWS's since 2024). */
export type PoolOptions = { customAttributes?: readonly string[]; tier?: Tier };

type Pool = PoolResources & {
  Id: string;
  Name: string;
  Arn: string;
  CreationDate: number;
  clients: Map<string, Json>;
};

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const CLIENT_OPERATIONS: Partial<Record<string, "read" | "write">> = {
  ListUserPoolClients: "read",
  DescribeUserPoolClient: "read",
  CreateUserPoolClient: "write",
  UpdateUserPoolClient: "write",
};
/** Pool operations a role may be denied; the client operations also count, see accessDenied. */
const POOL_MEMBERS: Record<string, readonly string[]> = {
  DescribeUserPool: ["UserPoolId"],
  ListIdentityProviders: ["UserPoolId", "MaxResults", "NextToken"],
  ListResourceServers: ["UserPoolId", "MaxResults", "NextToken"],
  CreateIdentityProvider: [
    "UserPoolId",
    "ProviderName",
    "ProviderType",
    "ProviderDetails",
    "AttributeMapping",
    "IdpIdentifiers",
  ],
  CreateResourceServer: ["UserPoolId", "Identifier", "Name", "Scopes"],
};
const CREATE_MEMBERS = ["UserPoolId", "GenerateSecret", "ClientSecret", ...UPDATABLE_MEMBERS];
const UPDATE_MEMBERS = ["UserPoolId", "ClientId", ...UPDATABLE_MEMBERS];
const LIST_MEMBERS = ["UserPoolId", "MaxResults", "NextToken", "ClientType"];

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const randomText = (length: number, alphabet: string): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

const copy = <T>(value: T): T => structuredClone(value);

export async function startStrictEmulator(
  options: { faults?: Fault; random?: () => number; now?: () => number } = {},
): Promise<StrictEmulator> {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const pools = new Map<string, Pool>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const calls: RecordedCall[] = [];
  const seconds = (): number => now() / 1000;

  const emulator: StrictEmulator = {
    endpoint: "",
    calls,
    faults: options.faults ?? {},
    createPool: (name, region, options = {}) =>
      createPool(
        {
          PoolName: name,
          ...(options.tier ? { UserPoolTier: options.tier } : {}),
          Schema: (options.customAttributes ?? []).map((Name) => ({ Name, AttributeDataType: "String" })),
        },
        region,
      ),
    addIdentityProvider: (poolId, name, type = name) => {
      createProvider(
        getPool(poolId),
        { ProviderName: name, ProviderType: type, ProviderDetails: {} },
        seconds(),
      );
    },
    addResourceServer: (poolId, identifier, scopes) => {
      createResourceServer(getPool(poolId), {
        Identifier: identifier,
        Name: identifier,
        Scopes: scopes.map((ScopeName) => ({ ScopeName, ScopeDescription: ScopeName })),
      });
    },
    createClient: (poolId, input) => {
      const client = createClientIn(getPool(poolId), input);
      return client.ClientSecret === undefined
        ? { ClientId: client.ClientId as string }
        : { ClientId: client.ClientId as string, ClientSecret: client.ClientSecret as string };
    },
    rawClient: (poolId, clientId) => copy(getClient(poolId, clientId)),
    patchClient: (poolId, clientId, members) => {
      const client = getClient(poolId, clientId);
      for (const [key, value] of Object.entries(members)) {
        if (value === undefined) delete client[key];
        else client[key] = copy(value);
      }
    },
    callsOf: (operation) => calls.filter((call) => call.operation === operation),
    resetCalls: () => {
      calls.length = 0;
    },
    close: () => Promise.resolve(),
  };

  /** CreateUserPool: PoolName, and the Schema (custom attributes) and UserPoolTier app clients depend on. */
  function createPool(input: Json, region = "us-east-1"): string {
    const name = requireString(input, "PoolName");
    if (name.length < 1 || name.length > 128) throw invalid("PoolName must be 1-128 characters.");
    const resources = poolResources(input);
    const id = `${region}_${randomText(9, `${ALNUM}ABCDEFGHIJKLMNOPQRSTUVWXYZ`)}`;
    const Arn = `arn:aws:cognito-idp:${region}:123456789012:userpool/${id}`;
    pools.set(id, { ...resources, Id: id, Name: name, Arn, CreationDate: seconds(), clients: new Map() });
    return id;
  }

  function describePool(pool: Pool): Json {
    return {
      Id: pool.Id,
      Name: pool.Name,
      Arn: pool.Arn,
      CreationDate: pool.CreationDate,
      LastModifiedDate: pool.CreationDate,
      UserPoolTier: pool.tier,
      SchemaAttributes: pool.schema.map((Name) => ({ Name, AttributeDataType: "String" })),
    };
  }

  function getPool(poolId: string): Pool {
    const pool = pools.get(poolId);
    if (!pool)
      throw new EmulatorError("ResourceNotFoundException", `User pool ${poolId} does not exist.`, 404);
    return pool;
  }

  function getClient(poolId: string, clientId: string): Json {
    const client = getPool(poolId).clients.get(clientId);
    if (!client) {
      throw new EmulatorError(
        "ResourceNotFoundException",
        `User pool client ${clientId} does not exist.`,
        404,
      );
    }
    return client;
  }

  function createClientIn(pool: Pool, input: Json): Json {
    rejectUnknownMembers(input, CREATE_MEMBERS, "CreateUserPoolClient");
    const custom = optString(input, "ClientSecret");
    if (custom !== undefined && !/^[\w+]{24,64}$/.test(custom)) {
      throw invalid("ClientSecret must be 24-64 characters matching [\\w+]+.");
    }
    const secret = custom ?? (optBool(input, "GenerateSecret") ? randomText(51, ALNUM) : undefined);
    if (pool.clients.size >= 1000)
      throw new EmulatorError("LimitExceededException", "At most 1000 app clients.");
    const settings = normaliseSettings(input, { hasSecret: secret !== undefined });
    checkAgainstPool(pool, pool.Id, settings);
    const at = seconds();
    const client: Json = { UserPoolId: pool.Id, ClientId: randomText(26, ALNUM), ...settings };
    if (secret !== undefined) client.ClientSecret = secret;
    Object.assign(client, { ClientType: "REGULAR", CreationDate: at, LastModifiedDate: at });
    pool.clients.set(client.ClientId as string, client);
    return client;
  }

  /** Replace-on-omit: the stored client becomes its read-only members plus the request's settings. */
  function updateClient(input: Json): Json {
    rejectUnknownMembers(input, UPDATE_MEMBERS, "UpdateUserPoolClient");
    const pool = getPool(requireString(input, "UserPoolId"));
    const clientId = requireString(input, "ClientId");
    const old = getClient(pool.Id, clientId);
    const pending = emulator.faults.concurrentModification?.get(clientId) ?? 0;
    if (pending > 0) {
      emulator.faults.concurrentModification?.set(clientId, pending - 1);
      throw new EmulatorError(
        "ConcurrentModificationException",
        `Client ${clientId} is being modified by another request.`,
      );
    }
    const settings = normaliseSettings(input, {
      hasSecret: old.ClientSecret !== undefined,
      keepName: old.ClientName as string,
    });
    checkAgainstPool(pool, pool.Id, settings);
    const client: Json = {};
    for (const key of READ_ONLY_MEMBERS) if (old[key] !== undefined) client[key] = old[key];
    Object.assign(client, settings, { LastModifiedDate: seconds() });
    pool.clients.set(clientId, client);
    return client;
  }

  function listClients(input: Json): Json {
    rejectUnknownMembers(input, LIST_MEMBERS, "ListUserPoolClients");
    const pool = getPool(requireString(input, "UserPoolId"));
    const max = optInt(input, "MaxResults") ?? 60;
    if (max < 1 || max > 60) throw invalid(`MaxResults ${max} must be between 1 and 60.`);
    const type = optString(input, "ClientType");
    const all = [...pool.clients.values()].filter(
      (client) => type === undefined || client.ClientType === type,
    );
    const token = optString(input, "NextToken");
    let start = 0;
    if (token !== undefined) {
      const decoded = /^(.+):(\d+)$/.exec(Buffer.from(token, "base64url").toString());
      if (!decoded || decoded[1] !== pool.Id) throw invalid("NextToken is not valid for this request.");
      start = Number(decoded[2]);
    }
    const page = all.slice(start, start + max).map((client) => ({
      ClientId: client.ClientId,
      ClientName: client.ClientName,
      UserPoolId: client.UserPoolId,
    }));
    const next =
      start + max < all.length ? Buffer.from(`${pool.Id}:${start + max}`).toString("base64url") : undefined;
    return next === undefined ? { UserPoolClients: page } : { UserPoolClients: page, NextToken: next };
  }

  function dispatch(operation: string, input: Json, region: string): Json {
    switch (operation) {
      case "CreateUserPool":
        rejectUnknownMembers(input, ["PoolName", "Schema", "UserPoolTier"], operation);
        return { UserPool: describePool(getPool(createPool(input, region))) };
      case "DescribeUserPool":
      case "ListIdentityProviders":
      case "ListResourceServers":
      case "CreateIdentityProvider":
      case "CreateResourceServer":
        return poolOperation(operation, input);
      case "CreateUserPoolClient":
        return { UserPoolClient: createClientIn(getPool(requireString(input, "UserPoolId")), input) };
      case "DescribeUserPoolClient": {
        rejectUnknownMembers(input, ["UserPoolId", "ClientId"], operation);
        const client = getClient(requireString(input, "UserPoolId"), requireString(input, "ClientId"));
        return { UserPoolClient: client };
      }
      case "ListUserPoolClients":
        return listClients(input);
      case "UpdateUserPoolClient":
        return { UserPoolClient: updateClient(input) };
      default:
        throw new EmulatorError("UnknownOperationException", `Operation ${operation} is not emulated.`);
    }
  }

  function poolOperation(operation: string, input: Json): Json {
    rejectUnknownMembers(input, POOL_MEMBERS[operation] ?? [], operation);
    const pool = getPool(requireString(input, "UserPoolId"));
    switch (operation) {
      case "DescribeUserPool":
        return { UserPool: describePool(pool) };
      case "ListIdentityProviders": {
        const { items, next } = page([...pool.providers.values()], input, pool.Id, 60);
        return { Providers: items, ...(next ? { NextToken: next } : {}) };
      }
      case "ListResourceServers": {
        const servers = [...pool.resourceServers.values()].map((r) => ({ ...r, UserPoolId: pool.Id }));
        const { items, next } = page(servers, input, pool.Id, 50);
        return { ResourceServers: items, ...(next ? { NextToken: next } : {}) };
      }
      case "CreateIdentityProvider":
        return { IdentityProvider: { ...createProvider(pool, input, seconds()), UserPoolId: pool.Id } };
      default:
        return { ResourceServer: { ...createResourceServer(pool, input), UserPoolId: pool.Id } };
    }
  }

  /** Token bucket: holds up to `rate` tokens (at least 1), refilled at `rate` per second. */
  function take(key: string, rate: number | undefined): boolean {
    if (rate === undefined) return true;
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: Math.max(rate, 1), at };
    bucket.tokens = Math.min(Math.max(rate, 1), bucket.tokens + ((at - bucket.at) / 1000) * rate);
    bucket.at = at;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  function injectFaults(operation: string, input: Json): void {
    if (emulator.faults.accessDenied?.has(operation)) {
      throw new EmulatorError(
        "AccessDeniedException",
        `User: arn:aws:sts::123456789012:assumed-role/plan/ci is not authorized to perform: cognito-idp:${operation}`,
      );
    }
    const category = CLIENT_OPERATIONS[operation];
    if (category === undefined) return;
    const { faults } = emulator;
    const throttled = (message: string) => new EmulatorError("TooManyRequestsException", message, 429);
    if ((faults.throttleRate ?? 0) > 0 && random() < (faults.throttleRate ?? 0))
      throw throttled("Rate exceeded");
    if ((faults.internalErrorRate ?? 0) > 0 && random() < (faults.internalErrorRate ?? 0)) {
      throw new EmulatorError("InternalErrorException", "Internal server error.", 500);
    }
    const accountRate = category === "read" ? faults.accountReadRate : faults.accountWriteRate;
    if (!take(`account:${category}`, accountRate)) {
      throw throttled(`Too many requests: UserPoolClient ${category} rate for the account exceeded.`);
    }
    const poolId = typeof input.UserPoolId === "string" ? input.UserPoolId : "";
    if (!take(`pool:${poolId}:${operation}`, faults.poolOperationRate)) {
      throw throttled(`Too many requests: ${operation} rate for user pool ${poolId} exceeded.`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.headers["x-amz-target"];
    const operation =
      typeof target === "string" && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : "";
    const call: RecordedCall = { operation, input: {}, status: 200, at: now() };
    calls.push(call);
    // The SigV4 credential scope names the region: Credential=AKID/DATE/REGION/SERVICE/aws4_request.
    const region =
      /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "us-east-1";
    let status = 200;
    let body: Json;
    let errorType: string | undefined;
    try {
      if (operation === "")
        throw new EmulatorError("UnknownOperationException", `Unknown target '${target}'.`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        throw new EmulatorError("SerializationException", "The request body is not valid JSON.");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new EmulatorError("SerializationException", "The request body must be a JSON object.");
      }
      call.input = copy(parsed as Json);
      if ((emulator.faults.latencyMs ?? 0) > 0) await sleep(emulator.faults.latencyMs);
      injectFaults(operation, parsed as Json);
      body = copy(dispatch(operation, parsed as Json, region));
    } catch (error) {
      const failure =
        error instanceof EmulatorError
          ? error
          : new EmulatorError("InternalErrorException", `Emulator bug: ${String(error)}`, 500);
      status = failure.status;
      errorType = failure.type;
      body = { __type: failure.type, message: failure.message };
      call.error = failure.type;
    }
    call.status = status;
    const headers: Record<string, string> = {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": randomUUID(),
    };
    if (errorType !== undefined) headers["x-amzn-errortype"] = errorType;
    res.writeHead(status, headers).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  emulator.endpoint = `http://127.0.0.1:${port}`;
  emulator.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return emulator;
}
