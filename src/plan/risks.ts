/**
 * The security review: one table of rules, each judging one typed change (sets with their added
 * items, durations, objects, scalars). Plan and apply judge the change from live to spec; drift
 * judges the change made outside Git, from spec to live. Pure.
 */
import { UNIT_SECONDS } from "../model/fields.js";
import { type Duration, durationText, type NormalDoc } from "../model/normalize.js";
import { atOrAbove, type RiskRuleId, type RiskSeverity, SEVERITIES } from "../model/risk-ids.js";
import { plural } from "../text.js";
import type { Change, ClientPlan, Risk } from "./model.js";

/** What a rule sees besides its change: every field of the client before the change, normalised. */
export type RiskContext = { before: NormalDoc };

type RiskRule = {
  severity: RiskSeverity;
  /** The items of the change that the rule flags; empty when it flags nothing. */
  find(change: Change, context: RiskContext): string[];
  /** One line a reviewer can act on. */
  message(found: readonly string[], change: Change): string;
};

const PASSWORD_FLOWS = new Set([
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "USER_PASSWORD_AUTH",
  "ADMIN_NO_SRP_AUTH",
]);
const ADMIN_SCOPE = "aws.cognito.signin.user.admin";
const URL_FIELDS = new Set<string>(["callbackURLs", "logoutURLs"]);

function added(change: Change, ...fields: string[]): string[] {
  return change.kind === "set" && fields.includes(change.field) ? change.added : [];
}

function list(items: readonly string[]): string {
  return items.join(", ");
}

/** Scheme and host (with port) of a URL, lower-cased: what a redirect can reach. */
export function redirectTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return (/^[^:/?#]+:\/*[^/?#]*/.exec(url)?.[0] ?? url).toLowerCase();
  }
}

/** localhost (and *.localhost), 127.0.0.0/8 or [::1], whatever the scheme. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return (
      host === "localhost" ||
      host.endsWith(".localhost") ||
      /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
      host === "[::1]"
    );
  } catch {
    return false;
  }
}

function currentTargets(context: RiskContext): Set<string> {
  const urls = [context.before.callbackURLs, context.before.logoutURLs].flatMap((v) =>
    Array.isArray(v) ? (v as string[]) : [],
  );
  return new Set(urls.map(redirectTarget));
}

function seconds(d: Duration | null): number | undefined {
  return d ? d.value * UNIT_SECONDS[d.unit] : undefined;
}

function scalarTurned(change: Change, field: string, from: unknown, to: unknown): string[] {
  return change.kind === "scalar" && change.field === field && change.before === from && change.after === to
    ? [String(to)]
    : [];
}

/** The rules, in order of severity. Ids are model/risk-ids.ts's: the type makes this table cover each once. */
export const RISK_RULES: { readonly [id in RiskRuleId]: RiskRule } = {
  "new-redirect-domain": {
    severity: "high",
    find: (change, context) => {
      const known = currentTargets(context);
      // Loopback URLs are loopback-redirect's: they reach the user's own machine, not a new host.
      return added(change, ...URL_FIELDS).filter((u) => !isLoopback(u) && !known.has(redirectTarget(u)));
    },
    message: (found) =>
      `redirects to a new host: ${list(found)} (${list([...new Set(found.map(redirectTarget))])} is in no callback or logout URL of the client before this change); sign-in codes and tokens would be sent there`,
  },
  "implicit-flow": {
    severity: "high",
    find: (change) => added(change, "allowedOAuthFlows").filter((f) => f === "implicit"),
    message: () =>
      "the implicit flow is allowed: tokens are returned in the redirect URL, where browser history, logs and referrers can leak them (use code with PKCE)",
  },
  "token-revocation-off": {
    severity: "high",
    find: (change) => scalarTurned(change, "enableTokenRevocation", true, false),
    message: () => "token revocation is turned off: refresh tokens of this client can no longer be revoked",
  },
  "custom-attribute-writable": {
    severity: "high",
    find: (change) => added(change, "writeAttributes").filter((a) => a.startsWith("custom:")),
    message: (found) =>
      `users can set ${list(found)} on themselves; custom attributes often drive authorization`,
  },
  "password-auth": {
    severity: "medium",
    find: (change) => added(change, "explicitAuthFlows").filter((f) => PASSWORD_FLOWS.has(f)),
    message: (found) =>
      `password sign-in is allowed (${list(found)}): the password itself is sent to Cognito, unlike SRP`,
  },
  "user-existence-errors": {
    severity: "medium",
    find: (change) =>
      change.kind === "scalar" &&
      change.field === "preventUserExistenceErrors" &&
      change.after === "LEGACY" &&
      change.before !== "LEGACY"
        ? ["LEGACY"]
        : [],
    message: () =>
      "preventUserExistenceErrors is LEGACY: sign-in and recovery errors tell whether a user exists",
  },
  "refresh-rotation-off": {
    severity: "medium",
    find: (change) =>
      change.kind === "object" &&
      change.field === "refreshTokenRotation" &&
      change.before?.feature === "ENABLED" &&
      change.after?.feature !== "ENABLED"
        ? [change.after ? "DISABLED" : "removed"]
        : [],
    message: (found) =>
      `refresh token rotation is ${found[0] === "removed" ? "removed" : "turned off"}: a stolen refresh token stays valid until it expires`,
  },
  "admin-scope": {
    severity: "medium",
    find: (change) => added(change, "allowedOAuthScopes").filter((s) => s === ADMIN_SCOPE),
    message: () =>
      `${ADMIN_SCOPE} is allowed: access tokens can call the user APIs (change attributes, delete the user)`,
  },
  "loopback-redirect": {
    severity: "medium",
    find: (change) => added(change, ...URL_FIELDS).filter(isLoopback),
    message: (found) =>
      `redirects to a loopback address: ${list(found)}; any program listening there on the user's machine receives the sign-in code`,
  },
  "writable-attribute": {
    severity: "low",
    find: (change) => {
      if (change.kind !== "set" || change.field !== "writeAttributes") return [];
      // An empty list means every standard attribute is writable: adding one to it narrows, clearing widens.
      if (change.before.length === 0) return [];
      if (change.after.length === 0) return ["every standard attribute"];
      return change.added.filter((a) => !a.startsWith("custom:"));
    },
    message: (found) => `users can set ${list(found)} on themselves`,
  },
  "longer-tokens": {
    severity: "low",
    find: (change) => {
      if (change.kind !== "duration") return [];
      const [before, after] = [seconds(change.before), seconds(change.after)];
      return before !== undefined && after !== undefined && after > before
        ? [durationText(change.after)]
        : [];
    },
    message: (_found, change) =>
      change.kind === "duration"
        ? `${change.field} is longer: ${durationText(change.before)} -> ${durationText(change.after)}`
        : "",
  },
  "new-identity-provider": {
    severity: "low",
    find: (change) => added(change, "supportedIdentityProviders"),
    message: (found) => `users can sign in through ${list(found)}`,
  },
};

/** A change with its sides swapped (each kind's sides are of one type). */
function swapSides<C extends { before: unknown; after: unknown }>(c: C): C {
  return { ...c, before: c.after, after: c.before };
}

/** The same change seen from the other side: from spec to live, as drift judges it. */
export function reverseChange(change: Change): Change {
  return change.kind === "set"
    ? { ...swapSides(change), added: change.removed, removed: change.added }
    : swapSides(change);
}

/** Every finding of every rule on these changes, by severity; those the spec accepts are marked. */
export function reviewChanges(
  changes: readonly Change[],
  context: RiskContext,
  accepted: readonly string[] = [],
): Risk[] {
  const out: Risk[] = [];
  for (const [rule, def] of Object.entries(RISK_RULES) as Array<[RiskRuleId, RiskRule]>) {
    for (const change of changes) {
      const found = def.find(change, context);
      if (found.length === 0) continue;
      out.push({
        rule,
        severity: def.severity,
        field: change.field,
        message: def.message(found, change),
        accepted: accepted.includes(rule),
      });
    }
  }
  return out.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/** The unaccepted risks at or above `level`: what --fail-on-risk stops on. */
export function gatingRisks(clients: readonly ClientPlan[], level: RiskSeverity): Risk[] {
  return clients.flatMap((c) => c.risks.filter((r) => !r.accepted && atOrAbove(r.severity, level)));
}

/**
 * The --fail-on-risk verdict when unaccepted risks at or above `level` are found: `brief` says how
 * many ("2 unaccepted security risks at or above medium"), `message` which and what to do.
 */
export function riskVerdict(
  clients: readonly ClientPlan[],
  level: RiskSeverity | undefined,
): { brief: string; message: string } | undefined {
  if (level === undefined) return undefined;
  const found = gatingRisks(clients, level);
  if (found.length === 0) return undefined;
  const rules = [...new Set(found.map((r) => r.rule))].join(", ");
  const brief = `${plural(found.length, "unaccepted security risk")} at or above ${level}`;
  return {
    brief,
    message: `${brief} (${rules}); accept one for a client with acceptRisks in its spec, or change the spec`,
  };
}
