/**
 * Callback, logout and default redirect URLs. AWS compares redirect URIs as exact strings, so
 * every check reads the raw string: nothing passes because a URL parser normalised it first
 * (WHATWG parsing turns `http://0x7f.1/` into `http://127.0.0.1/` and `https:example.com` into
 * `https://example.com/`; AWS does neither).
 */
import type { Rule } from "./types.js";
import { list } from "./types.js";

/** Plain http is allowed for these hosts only, written exactly so (see the README on 127.0.0.1). */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const UNSAFE_SCHEMES = new Set(["javascript", "data", "file", "vbscript"]);
/** AWS's pattern for these members: letters, marks, symbols, numbers and punctuation, 1-1024. */
const AWS_URL_CHARS = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/** The host of an `http(s)://` URL's authority, as written (user info and port left out). */
function rawHost(authority: string): string {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) {
    const end = hostPort.indexOf("]");
    return end < 0 ? hostPort : hostPort.slice(0, end + 1);
  }
  const colon = hostPort.indexOf(":");
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}

function webUrlProblem(scheme: string, rest: string): string | undefined {
  if (!rest.startsWith("//")) return `has no "//" after "${scheme}:" (expected ${scheme}://host/path)`;
  const authority = rest.slice(2).split(/[/?]/, 1)[0] ?? "";
  const host = rawHost(authority);
  if (host === "") return "has no host";
  if (scheme === "http" && !LOCAL_HOSTS.has(host)) {
    return "uses http, which AWS allows only for localhost, 127.0.0.1 and [::1] (written so); use https";
  }
  return undefined;
}

/** Why a callback or logout URL would be refused by AWS, or undefined when it is fine. */
export function urlProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 1024) return "must be 1-1024 characters long";
  if (!AWS_URL_CHARS.test(value)) return "must not contain spaces or control characters";
  if (value.includes("#")) return "must not contain a fragment (#...)";
  if (value.includes("*")) {
    return "contains *: AWS compares redirect URLs as exact strings, so a wildcard never matches";
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(value);
  const scheme = m?.[1];
  const rest = m?.[2] ?? "";
  if (!scheme || rest === "") {
    return "is not an absolute URL (expected https://host/path, or an app scheme such as myapp://callback)";
  }
  // Schemes are case-insensitive: HTTP://example.com is plain http, not an app scheme.
  const lower = scheme.toLowerCase();
  if (lower === "http" || lower === "https") return webUrlProblem(lower, rest);
  if (UNSAFE_SCHEMES.has(lower)) return `uses the ${scheme}: scheme`;
  return undefined;
}

export const URL_RULES: readonly Rule[] = [
  ...(["callbackURLs", "logoutURLs"] as const).map(
    (key): Rule => ({
      id: "url",
      severity: "error",
      fields: [key],
      check: (s) =>
        list(s, key).flatMap((u, i) => {
          const problem = urlProblem(u);
          return problem ? [{ pointer: `/${key}/${i}`, message: `${key} entry "${u}" ${problem}` }] : [];
        }),
    }),
  ),
  {
    id: "url",
    severity: "error",
    fields: ["defaultRedirectURI"],
    check: (s) => {
      const u = s.defaultRedirectURI;
      const problem = typeof u === "string" ? urlProblem(u) : undefined;
      return problem
        ? [{ pointer: "/defaultRedirectURI", message: `defaultRedirectURI "${u}" ${problem}` }]
        : [];
    },
  },
  {
    id: "default-redirect-in-callbacks",
    severity: "error",
    fields: ["defaultRedirectURI", "callbackURLs"],
    check: (s) => {
      const u = s.defaultRedirectURI;
      if (typeof u !== "string" || list(s, "callbackURLs").includes(u)) return [];
      return [
        { pointer: "/defaultRedirectURI", message: `defaultRedirectURI "${u}" must be one of callbackURLs` },
      ];
    },
  },
];
