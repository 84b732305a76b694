/**
 * Node HTTP agents that reach their targets through a proxy with CONNECT (as curl, undici's
 * ProxyAgent and the actions toolkit do, for http and https targets alike), or directly when
 * NO_PROXY says so. The AWS SDK's Node handler takes them, and so does `proxiedFetch`.
 */

import { type ClientRequestArgs, Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
import { defaultPort, type ProxyEnv, proxyFor } from "./proxy.js";

/** A proxy that would not open the tunnel (an error status, or no answer). */
class ProxyError extends Error {
  override readonly name = "ProxyError";
  constructor(
    message: string,
    readonly code = "EPROXY",
  ) {
    super(message);
  }
}

/** How long a proxy may take to open a tunnel. */
const CONNECT_TIMEOUT_MS = 30_000;

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === "" && proxy.password === "") return {};
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return { "proxy-authorization": `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}

/** Where to connect for a URL: its host name without IPv6 brackets, and its port or the scheme's. */
function hostAndPort(url: URL): { host: string; port: number } {
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(url.port || defaultPort(url.protocol)),
  };
}

/** Asks `proxy` for a tunnel to host:port; resolves with the raw socket once it answers 200. */
function openTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const where = `proxy ${proxy.host}`;
  return new Promise((resolve, reject) => {
    const req = (proxy.protocol === "https:" ? httpsRequest : httpRequest)({
      ...hostAndPort(proxy),
      method: "CONNECT",
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      agent: false,
    });
    req.setTimeout(CONNECT_TIMEOUT_MS, () =>
      req.destroy(new ProxyError(`${where} did not open a tunnel to ${authority} in time`, "ETIMEDOUT")),
    );
    req.once("connect", (res, socket, head) => {
      req.setTimeout(0);
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(
          new ProxyError(
            `${where} refused CONNECT to ${authority}: ${res.statusCode} ${res.statusMessage ?? ""}`.trim(),
          ),
        );
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once("error", (err) => reject(err));
    req.end();
  });
}

type Callback = (err: Error | null, stream: Duplex) => void;

function targetOf(options: ClientRequestArgs, protocol: "http:" | "https:"): URL | undefined {
  const host = options.host ?? options.hostname ?? "localhost";
  try {
    const url = new URL(`${protocol}//${isIP(host) === 6 ? `[${host}]` : host}`);
    if (options.port) url.port = String(options.port);
    return url;
  } catch {
    return undefined;
  }
}

function tunnelled(
  env: ProxyEnv,
  protocol: "http:" | "https:",
  options: ClientRequestArgs,
  callback: Callback,
  wrap: (socket: Socket) => Duplex,
): boolean {
  const target = targetOf(options, protocol);
  const proxy = target ? proxyFor(target, env) : undefined;
  if (!target || !proxy) return false;
  const { host, port } = hostAndPort(target);
  openTunnel(proxy, host, port).then(
    (socket) => callback(null, wrap(socket)),
    (err: Error) => callback(err, undefined as unknown as Duplex),
  );
  return true;
}

/** An http agent that tunnels through the proxy the environment names for each target. */
class ProxyHttpAgent extends HttpAgent {
  constructor(
    private readonly env: ProxyEnv,
    options: ConstructorParameters<typeof HttpAgent>[0] = {},
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs, callback?: Callback): Duplex | null | undefined {
    if (callback && tunnelled(this.env, "http:", options, callback, (s) => s)) return undefined;
    return super.createConnection(options, callback);
  }
}

/** An https agent that tunnels through the proxy and speaks TLS to the target inside the tunnel. */
export class ProxyHttpsAgent extends HttpsAgent {
  constructor(
    private readonly env: ProxyEnv,
    options: ConstructorParameters<typeof HttpsAgent>[0] = {},
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs, callback?: Callback): Duplex | null | undefined {
    const wrap = (socket: Socket) => {
      const host = options.host ?? options.hostname ?? "";
      const servername = (options as { servername?: string }).servername ?? (isIP(host) ? undefined : host);
      return tlsConnect({ ...(options as object), socket, ...(servername ? { servername } : {}) });
    };
    if (callback && tunnelled(this.env, "https:", options, callback, wrap)) return undefined;
    return super.createConnection(options, callback);
  }
}

/** The pair of agents the AWS SDK's Node handler takes, keeping connections alive as its own do. */
export function proxyAgents(env: ProxyEnv): { httpAgent: HttpAgent; httpsAgent: HttpsAgent } {
  const options = { keepAlive: true, maxSockets: 50 };
  return { httpAgent: new ProxyHttpAgent(env, options), httpsAgent: new ProxyHttpsAgent(env, options) };
}
