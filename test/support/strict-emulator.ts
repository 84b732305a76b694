// A strict Amazon Cognito emulator for tests: the user pool and app client operations the project
// needs, over the AWS JSON 1.1 protocol the AWS SDK v3 speaks, with AWS's replace-on-omit update
// semantics, AWS's validation errors (including those that depend on the pool's schema, tier,
// identity providers and resource servers), read-only members (including a secret) and switchable faults.
// See /work/shared/design.md, "Emulators for tests".
import { randomInt, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type Fault, FaultInjector } from "./strict-emulator-faults.js";
import {
  checkAgainstPool,
  createProvider,
  createResourceServer,
  describePool,
  POOL_MEMBERS,
  type PoolRecord,
  page,
  poolOperation,
  poolResources,
  type Tier,
} from "./strict-emulator-pools.js";
import {
  EmulatorError,
  invalid,
  type Json,
  normaliseSettings,
  optBool,
  optString,
  READ_ONLY_MEMBERS,
  rejectUnknownMembers,
  requireString,
  UPDATABLE_MEMBERS,
} from "./strict-emulator-validation.js";

export type { Fault } from "./strict-emulator-faults.js";

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

type Pool = PoolRecord & { clients: Map<string, Json> };

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
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
  const faults = new FaultInjector(random, now);
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
    if (takeFault(emulator.faults.concurrentModification, clientId)) {
      throw new EmulatorError(
        "ConcurrentModificationException",
        `Client ${clientId} is being modified by another request.`,
      );
    }
    if (takeFault(emulator.faults.internalErrors, clientId)) {
      throw new EmulatorError("InternalErrorException", "Internal server error.", 500);
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
    if (takeFault(emulator.faults.lostAnswers, clientId)) {
      throw new EmulatorError("InternalErrorException", "Internal server error.", 500);
    }
    return client;
  }

  /** Uses up one of a client's pending faults; true when there was one. */
  function takeFault(faults: Map<string, number> | undefined, clientId: string): boolean {
    const pending = faults?.get(clientId) ?? 0;
    if (pending <= 0) return false;
    faults?.set(clientId, pending - 1);
    return true;
  }

  function listClients(input: Json): Json {
    rejectUnknownMembers(input, LIST_MEMBERS, "ListUserPoolClients");
    const pool = getPool(requireString(input, "UserPoolId"));
    const type = optString(input, "ClientType");
    const all = [...pool.clients.values()].filter(
      (client) => type === undefined || client.ClientType === type,
    );
    const { items, next } = page(all, input, pool.Id, 60);
    const listed = items.map((c) => ({
      ClientId: c.ClientId,
      ClientName: c.ClientName,
      UserPoolId: c.UserPoolId,
    }));
    return next === undefined ? { UserPoolClients: listed } : { UserPoolClients: listed, NextToken: next };
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
        rejectUnknownMembers(input, POOL_MEMBERS[operation] ?? [], operation);
        return poolOperation(operation, input, getPool(requireString(input, "UserPoolId")), seconds());
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
      await emulator.faults.onRequest?.(operation, parsed as Json);
      faults.inject(emulator.faults, operation, parsed as Json);
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
