/**
 * The rules AWS enforces on an app client that a JSON Schema cannot say. Checked twice: offline
 * on a spec (a rule runs when the spec sets every field it involves), and at plan time on the
 * configuration that would be sent (live fields with the spec laid over them).
 */
import {
  DEFAULT_TOKEN_UNIT,
  DURATION_FIELDS,
  type FieldKey,
  LEGACY_AUTH_FLOWS,
  type TokenKind,
  UNIT_SECONDS,
} from "./fields.js";
import { durationSeconds } from "./normalize.js";
import type { Settings } from "./settings.js";

/** The settings a rule looks at: a spec's, or the merged configuration. */
export type RuleInput = Settings;

export type RuleContext = {
  /** Whether the live client has a secret; unknown offline. */
  hasSecret?: boolean;
};

export type Violation = {
  rule: string;
  /** JSON Pointer relative to the client, such as `/callbackURLs/1`. */
  pointer: string;
  message: string;
};

type Rule = {
  id: string;
  /** The fields the rule involves; offline it runs only when the spec sets all of them. */
  fields: readonly FieldKey[];
  /** Needs facts only the live client has (plan time only). */
  live?: boolean;
  check(s: RuleInput, ctx: RuleContext): Violation[];
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why a callback or logout URL would be refused by AWS, or undefined when it is fine. */
export function urlProblem(value: string): string | undefined {
  if (value.includes("#")) return "must not contain a fragment (#...)";
  if (/\s/.test(value)) return "must not contain spaces";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not an absolute URL (expected https://host/path, or an app scheme such as myapp://callback)";
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === "http" && !LOCAL_HOSTS.has(url.hostname)) {
    return "uses http, which AWS allows only for localhost, 127.0.0.1 and [::1]; use https";
  }
  if ((scheme === "http" || scheme === "https") && url.hostname === "") return "has no host";
  if (["javascript", "data", "file", "vbscript"].includes(scheme)) return `uses the ${scheme}: scheme`;
  return undefined;
}

const URL_LISTS = ["callbackURLs", "logoutURLs"] as const;

function humanSeconds(s: number): string {
  const years = s / (365 * UNIT_SECONDS.days);
  if (Number.isInteger(years)) return `${years} year${years === 1 ? "" : "s"}`;
  for (const unit of ["days", "hours", "minutes"] as const) {
    const n = s / UNIT_SECONDS[unit];
    if (Number.isInteger(n) && n >= 1) return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
  }
  return `${s} seconds`;
}

function list(s: RuleInput, key: "callbackURLs" | "logoutURLs" | "allowedOAuthFlows" | "allowedOAuthScopes") {
  return s[key] ?? [];
}

const RULES: readonly Rule[] = [
  ...URL_LISTS.map(
    (key): Rule => ({
      id: "url",
      fields: [key],
      check: (s) =>
        list(s, key).flatMap((u, i) => {
          const problem = urlProblem(u);
          return problem
            ? [{ rule: "url", pointer: `/${key}/${i}`, message: `${key} entry "${u}" ${problem}` }]
            : [];
        }),
    }),
  ),
  {
    id: "url",
    fields: ["defaultRedirectURI"],
    check: (s) => {
      const u = s.defaultRedirectURI;
      const problem = typeof u === "string" ? urlProblem(u) : undefined;
      return problem
        ? [{ rule: "url", pointer: "/defaultRedirectURI", message: `defaultRedirectURI "${u}" ${problem}` }]
        : [];
    },
  },
  {
    id: "default-redirect-in-callbacks",
    fields: ["defaultRedirectURI", "callbackURLs"],
    check: (s) => {
      const u = s.defaultRedirectURI;
      if (typeof u !== "string" || list(s, "callbackURLs").includes(u)) return [];
      return [
        {
          rule: "default-redirect-in-callbacks",
          pointer: "/defaultRedirectURI",
          message: `defaultRedirectURI "${u}" must be one of callbackURLs`,
        },
      ];
    },
  },
  ...DURATION_FIELDS.map((field): Rule => {
    const kind = field.kind;
    return {
      id: "token-validity-range",
      fields: [field.key],
      check: (s) => {
        const value = s[field.key];
        if (typeof value !== "number") return [];
        const unit = s.tokenValidityUnits?.[kind.token] ?? DEFAULT_TOKEN_UNIT[kind.token];
        const seconds = durationSeconds(field, s) ?? 0; // 0 for a refresh token is AWS's default, 30 days
        if (seconds >= kind.minSeconds && seconds <= kind.maxSeconds) return [];
        return [
          {
            rule: "token-validity-range",
            pointer: `/${field.key}`,
            message: `${field.key} ${value} ${unit} is out of range: AWS allows ${humanSeconds(kind.minSeconds)} to ${humanSeconds(kind.maxSeconds)}`,
          },
        ];
      },
    };
  }),
  {
    id: "client-credentials-alone",
    fields: ["allowedOAuthFlows"],
    check: (s) => {
      const flows = new Set(list(s, "allowedOAuthFlows"));
      if (!flows.has("client_credentials") || flows.size === 1) return [];
      return [
        {
          rule: "client-credentials-alone",
          pointer: "/allowedOAuthFlows",
          message: "allowedOAuthFlows: client_credentials cannot be combined with code or implicit",
        },
      ];
    },
  },
  ...(["allowedOAuthFlows", "allowedOAuthScopes", "callbackURLs", "logoutURLs"] as const).map(
    (key): Rule => ({
      id: "oauth-needs-user-pool-client-flag",
      fields: ["allowedOAuthFlowsUserPoolClient", key],
      check: (s) => {
        if (s.allowedOAuthFlowsUserPoolClient === true || list(s, key).length === 0) return [];
        return [
          {
            rule: "oauth-needs-user-pool-client-flag",
            pointer: `/${key}`,
            message: `${key} needs allowedOAuthFlowsUserPoolClient: true`,
          },
        ];
      },
    }),
  ),
  {
    id: "no-mixed-auth-flows",
    fields: ["explicitAuthFlows"],
    check: (s) => {
      const flows = s.explicitAuthFlows ?? [];
      const legacy = flows.filter((f) => LEGACY_AUTH_FLOWS.includes(f));
      if (legacy.length === 0 || legacy.length === flows.length) return [];
      return [
        {
          rule: "no-mixed-auth-flows",
          pointer: "/explicitAuthFlows",
          message: `explicitAuthFlows mixes legacy values (${legacy.join(", ")}) with ALLOW_* values; use ALLOW_* values only`,
        },
      ];
    },
  },
  {
    id: "refresh-token-auth-required",
    fields: ["explicitAuthFlows"],
    check: (s) => {
      const flows = s.explicitAuthFlows ?? [];
      const allow = flows.filter((f) => !LEGACY_AUTH_FLOWS.includes(f));
      if (allow.length === 0 || allow.length !== flows.length || flows.includes("ALLOW_REFRESH_TOKEN_AUTH"))
        return [];
      return [
        {
          rule: "refresh-token-auth-required",
          pointer: "/explicitAuthFlows",
          message: "explicitAuthFlows must include ALLOW_REFRESH_TOKEN_AUTH",
        },
      ];
    },
  },
  {
    id: "analytics-configuration",
    fields: ["analyticsConfiguration"],
    check: (s) => {
      const a = s.analyticsConfiguration;
      if (!a) return [];
      const message = a.applicationArn
        ? a.applicationId
          ? "analyticsConfiguration takes applicationArn or applicationId, not both"
          : undefined
        : !a.applicationId || !a.roleArn || !a.externalId
          ? "analyticsConfiguration needs applicationArn, or applicationId with roleArn and externalId"
          : undefined;
      return message
        ? [{ rule: "analytics-configuration", pointer: "/analyticsConfiguration", message }]
        : [];
    },
  },
  {
    id: "propagate-user-context-needs-secret",
    fields: ["enablePropagateAdditionalUserContextData"],
    live: true,
    check: (s, ctx) =>
      s.enablePropagateAdditionalUserContextData === true && ctx.hasSecret === false
        ? [
            {
              rule: "propagate-user-context-needs-secret",
              pointer: "/enablePropagateAdditionalUserContextData",
              message:
                "enablePropagateAdditionalUserContextData needs a client with a secret; this client has none",
            },
          ]
        : [],
  },
];

/**
 * Offline: the rules whose fields the spec sets, plus the spec-only rules. `written` is the spec
 * as written, when `spec` holds only the fields that passed the schema.
 */
export function checkSpecRules(spec: RuleInput, written: object = spec): Violation[] {
  const out: Violation[] = [];
  for (const rule of RULES) {
    if (rule.live) continue;
    if (rule.fields.every((f) => spec[f] !== undefined && spec[f] !== null))
      out.push(...rule.check(spec, {}));
  }
  for (const field of DURATION_FIELDS) {
    const token: TokenKind = field.kind.token;
    if (spec.tokenValidityUnits?.[token] !== undefined && !(field.key in written)) {
      out.push({
        rule: "unit-without-value",
        pointer: `/tokenValidityUnits/${token}`,
        message: `tokenValidityUnits.${token} is set but ${field.key} is not; a unit is managed together with its value`,
      });
    }
  }
  return out;
}

/** At plan time: every rule, on the configuration that would be sent. */
export function checkMergedRules(merged: RuleInput, ctx: RuleContext): Violation[] {
  return RULES.flatMap((rule) => rule.check(merged, ctx));
}
