/**
 * What a failed connection was, in words a person can act on: "fetch failed" hides whether DNS,
 * a refused connection, a timeout or TLS was the cause. Node's fetch keeps the cause in `cause`.
 */

type Coded = { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };

const DNS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);
const REFUSED = new Set(["ECONNREFUSED"]);
const TIMEOUT = new Set([
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const RESET = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_OSSL_)/;

/** The innermost error of a `cause` chain (at most a few levels). */
function innermost(err: unknown): Coded {
  let e = err as Coded;
  for (let i = 0; i < 5 && e?.cause && typeof e.cause === "object"; i++) e = e.cause as Coded;
  return e ?? {};
}

function kindOf(code: string, name: string, message: string): string | undefined {
  if (DNS.has(code)) return "DNS lookup failed";
  if (REFUSED.has(code)) return "connection refused";
  if (TIMEOUT.has(code) || name === "TimeoutError" || name === "AbortError") return "timed out";
  if (RESET.has(code)) return "connection reset";
  if (TLS.test(code) || /certificate|\bTLS\b|\bSSL\b/i.test(message)) return "TLS error";
  if (code === "EPROXY") return "proxy error";
  return undefined;
}

/** "DNS lookup failed (getaddrinfo ENOTFOUND api.example.com)", or undefined when not a network error. */
export function networkCause(err: unknown): string | undefined {
  const e = innermost(err);
  const code = typeof e.code === "string" ? e.code : "";
  const name = typeof e.name === "string" ? e.name : "";
  const message = (typeof e.message === "string" ? e.message : String(e)).split("\n")[0] ?? "";
  const kind = kindOf(code, name, message);
  if (!kind) return undefined;
  return message && message !== kind ? `${kind} (${message})` : kind;
}
