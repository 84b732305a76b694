/**
 * Which proxy a request goes through, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), as
 * curl and most tools read them: https URLs use HTTPS_PROXY, http URLs HTTP_PROXY, and NO_PROXY
 * lists hosts reached directly. Pure: the environment comes in as an argument.
 */
import { isIP } from "node:net";

/** The proxy variables; read once from the environment by `proxyEnv`. */
export type ProxyEnv = { httpsProxy?: string; httpProxy?: string; noProxy?: string };

type Env = Readonly<Record<string, string | undefined>>;

/** The proxy variables of `env`; the lowercase spelling wins, as curl reads them. */
export function proxyEnv(env: Env): ProxyEnv {
  const pick = (name: string) => (env[name.toLowerCase()] || env[name] || "").trim() || undefined;
  const httpsProxy = pick("HTTPS_PROXY");
  const httpProxy = pick("HTTP_PROXY");
  const noProxy = pick("NO_PROXY");
  return {
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/** Whether any proxy is configured at all. */
export function hasProxy(env: ProxyEnv): boolean {
  return env.httpsProxy !== undefined || env.httpProxy !== undefined;
}

/**
 * A proxy variable fit for a message: its user name and password (`user:pw@`) left out, since the
 * message can reach a log or a pull request comment.
 */
function redactProxy(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, "$1***@");
}

/** A proxy URL as written in the variable; `host:port` alone means http://host:port. */
function parseProxyUrl(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`the proxy "${redactProxy(text)}" is not a URL such as http://proxy.example.com:3128`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`the proxy "${redactProxy(text)}" must be an http:// or https:// URL`);
  }
  return url;
}

function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

/** The port a URL of this scheme means when it names none. */
export function defaultPort(protocol: string): string {
  return protocol === "https:" ? "443" : "80";
}

/** One NO_PROXY entry against a host and port: `*`, a domain (and its subdomains), an IP, `host:port`. */
function splitPort(entry: string): { name: string; port?: string } {
  if (isIP(entry) === 6) return { name: entry };
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(entry);
  if (!m) return { name: entry };
  return m[2] === undefined ? { name: m[1] ?? "" } : { name: m[1] ?? "", port: m[2] };
}

function bypasses(entry: string, host: string, port: string): boolean {
  if (entry === "*") return true;
  const split = splitPort(entry);
  if (split.port !== undefined && split.port !== port) return false;
  const name = bareHost(split.name.replace(/^\*?\./, "."));
  if (name === "") return false;
  if (isIP(host) !== 0 || isIP(name) !== 0) return host === name;
  if (name.startsWith(".")) return host.endsWith(name) || host === name.slice(1);
  return host === name || host.endsWith(`.${name}`);
}

/** The proxy for `target`, or undefined when the request goes direct. */
export function proxyFor(target: URL, env: ProxyEnv): URL | undefined {
  const raw = target.protocol === "https:" ? env.httpsProxy : env.httpProxy;
  if (raw === undefined) return undefined;
  const host = bareHost(target.hostname);
  const port = target.port || defaultPort(target.protocol);
  const entries = (env.noProxy ?? "")
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== "");
  if (entries.some((e) => bypasses(e, host, port))) return undefined;
  return parseProxyUrl(raw);
}
