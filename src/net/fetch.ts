/**
 * `fetch` that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Node's own fetch ignores them (on
 * Node 20 always, on Node 24 unless NODE_USE_ENV_PROXY is set), so a request that must go through
 * a proxy is sent with node:http(s) over the tunnelling agents instead; any other request is left
 * to the given fetch. Enough for JSON APIs: a string body in, the whole answer buffered.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { hasProxy, type ProxyEnv, proxyFor } from "./proxy.js";
import { proxyAgents } from "./tunnel.js";

type Fetch = typeof globalThis.fetch;

function urlOf(input: Parameters<Fetch>[0]): URL {
  if (input instanceof URL) return input;
  return new URL(typeof input === "string" ? input : input.url);
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function toResponse(res: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  const status = res.statusCode ?? 502;
  const empty = status === 204 || status === 304 || body.length === 0;
  return new Response(empty ? null : body, { status, statusText: res.statusMessage ?? "", headers });
}

/** A fetch that sends requests through the proxy `env` names for them, and the rest through `direct`. */
export function proxiedFetch(env: ProxyEnv, direct: Fetch = globalThis.fetch): Fetch {
  if (!hasProxy(env)) return direct;
  const agents = proxyAgents(env);
  return (input, init) => {
    const url = urlOf(input);
    if (!proxyFor(url, env)) return direct(input, init);
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== "string") {
      return Promise.reject(new TypeError("proxiedFetch sends string bodies only"));
    }
    const https = url.protocol === "https:";
    return new Promise<Response>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: init?.method ?? "GET",
        headers: headersOf(init),
        agent: https ? agents.httpsAgent : agents.httpAgent,
        ...(init?.signal ? { signal: init.signal } : {}),
      });
      req.once("error", reject);
      req.once("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.once("error", reject);
        res.once("end", () => resolve(toResponse(res, Buffer.concat(chunks))));
      });
      req.end(body ?? undefined);
    });
  };
}
