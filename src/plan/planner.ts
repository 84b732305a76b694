/** Spec clients + live clients -> a plan entry per client. Pure: the reading is done by the caller. */
import { fromApi } from "../model/convert.js";
import { FIELDS } from "../model/fields.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import { normalize } from "../model/normalize.js";
import type { PoolContext } from "../model/pool.js";
import { desiredConfig } from "../model/request.js";
import { checkMergedRules, checkSpecRules, type Violation } from "../model/rules.js";
import type { ClientSpec } from "../model/types.js";
import { type DeclaredClient, placeOf } from "../specfile/load.js";
import { diffClient } from "./diff.js";
import { fingerprint } from "./fingerprint.js";
import {
  type Change,
  type ClientPlan,
  type ErrorEntry,
  failEntry,
  type PlanError,
  type PlanWarning,
  type ReportMode,
  type Risk,
} from "./model.js";
import { checkPoolRules } from "./pool-rules.js";
import { reverseChange, reviewChanges } from "./risks.js";

export type Match = { clientId: string } | { error: PlanError };

/** Finds a spec client among a pool's live clients: by clientId, or by a clientName only one client has. */
export function matchClient(declared: DeclaredClient, live: readonly ClientSummary[]): Match {
  const { clientId, clientName } = declared.spec;
  const pool = declared.userPoolId;
  if (clientId !== undefined) {
    if (live.some((c) => c.clientId === clientId)) return { clientId };
    return { error: { code: "ClientNotFound", message: `no app client ${clientId} in user pool ${pool}` } };
  }
  const named = live.filter((c) => c.clientName === clientName);
  const only = named[0];
  if (named.length === 1 && only) return { clientId: only.clientId };
  if (named.length === 0) {
    return {
      error: {
        code: "ClientNotFound",
        message: `no app client named "${clientName}" in user pool ${pool}; cognito-gitops does not create clients`,
      },
    };
  }
  return {
    error: {
      code: "AmbiguousClientName",
      message: `${named.length} app clients in user pool ${pool} are named "${clientName}" (${named
        .map((c) => c.clientId)
        .join(", ")}); add clientId to the spec to pick one`,
    },
  };
}

/** A spec client with the live client it resolved to. */
export type Claim = { declared: DeclaredClient; clientId: string; liveName?: string | undefined };

/**
 * Spec clients that resolve to the same live client (one by clientName, another by clientId):
 * two specs would overwrite each other on every apply, so each is an error naming the others.
 */
export function claimedTwice(claims: readonly Claim[]): Map<DeclaredClient, PlanError> {
  const byId = new Map<string, Claim[]>();
  for (const c of claims) byId.set(c.clientId, [...(byId.get(c.clientId) ?? []), c]);
  const out = new Map<DeclaredClient, PlanError>();
  for (const [clientId, same] of byId) {
    if (same.length < 2) continue;
    const name = same.find((c) => c.liveName !== undefined)?.liveName;
    const live = `live client ${clientId}${name !== undefined ? ` ("${name}")` : ""}`;
    for (const c of same) {
      const others = same.filter((o) => o !== c).map((o) => placeOf(o.declared));
      out.set(c.declared, {
        code: "ClientSpecifiedTwice",
        message: `this spec and the one at ${others.join(", ")} both resolve to ${live}; a live client takes one spec only, so neither is changed: keep one of them`,
      });
    }
  }
  return out;
}

export function specFingerprint(declared: DeclaredClient): string {
  return fingerprint({ userPoolId: declared.userPoolId, spec: declared.spec });
}

/**
 * The live state a plan was made on. Members this version does not know count too, so a field
 * that appears between two reads makes them differ (only when there are some, so fingerprints of
 * ordinary clients stay what earlier versions wrote into saved plans).
 */
export function liveFingerprint(live: LiveClient): string {
  const unknown = live.unknownMembers.length > 0 ? { unknownMembers: live.unknownMembers } : {};
  return fingerprint({ clientId: live.clientId, config: live.config, ...unknown });
}

function base(declared: DeclaredClient, region: string) {
  const { clientId, clientName } = declared.spec;
  return {
    userPoolId: declared.userPoolId,
    region,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientName !== undefined ? { clientName } : {}),
    source: { file: declared.source.file, line: declared.source.line },
    changes: [],
    risks: [],
    patch: [],
    specFingerprint: specFingerprint(declared),
  };
}

/** A plan entry for a client that could not be read or matched. */
export function errorPlan(
  declared: DeclaredClient,
  error: PlanError,
  region: string,
  clientId?: string,
): ErrorEntry {
  return { ...base(declared, region), ...(clientId ? { clientId } : {}), action: "error", error };
}

/** A rule's message, saying so when the value at fault is the live one, which the spec does not set. */
function liveOrSpec(v: Violation, spec: ClientSpec): string {
  const field = v.pointer.split("/")[1] ?? "";
  return field !== "" && !Object.hasOwn(spec, field)
    ? `${v.message} (${field} is the live value: the spec does not set it)`
    : v.message;
}

function warningsOf(violations: readonly Violation[], spec: ClientSpec): { warnings?: PlanWarning[] } {
  const warnings = violations
    .filter((v) => v.severity === "warning")
    .map((v) => ({ rule: v.rule, message: liveOrSpec(v, spec) }));
  return warnings.length > 0 ? { warnings } : {};
}

/** The configuration an update would send, in spec form: what every plan-time rule looks at. */
function mergedSettings(declared: DeclaredClient, live: LiveClient) {
  return fromApi(desiredConfig(live.config, declared.spec));
}

/**
 * The security review of a client's changes. Plan and apply judge the change apply would make,
 * from live to spec; drift judges the change made outside Git, from spec to live.
 */
export function reviewClient(
  declared: DeclaredClient,
  live: LiveClient,
  changes: readonly Change[],
  mode: ReportMode,
): Risk[] {
  if (changes.length === 0) return [];
  const accepted = declared.spec.acceptRisks ?? [];
  if (mode !== "drift")
    return reviewChanges(changes, { before: normalize(fromApi(live.config), FIELDS) }, accepted);
  const declaredDoc = normalize(fromApi(desiredConfig(live.config, declared.spec)), FIELDS);
  return reviewChanges(changes.map(reverseChange), { before: declaredDoc }, accepted);
}

/**
 * Compares one spec client with its live client, reviews the changes and checks what would be
 * sent. With `pool`, an update is also checked against the pool's own settings.
 */
export function planClient(
  declared: DeclaredClient,
  live: LiveClient,
  region: string,
  mode: ReportMode = "plan",
  pool?: PoolContext,
): ClientPlan {
  const diff = diffClient(declared.spec, live.config);
  const entry: ClientPlan = {
    ...base(declared, region),
    clientId: live.clientId,
    clientName: declared.spec.clientName ?? live.clientName,
    fingerprint: liveFingerprint(live),
    ...(live.lastModifiedDate ? { lastModifiedDate: live.lastModifiedDate } : {}),
    changes: diff.changes,
    risks: reviewClient(declared, live, diff.changes, mode),
    patch: diff.patch,
    action: "no-op",
  };
  // Nothing is sent: the spec's own warnings, as validate shows them.
  if (diff.changes.length === 0)
    return { ...entry, ...warningsOf(checkSpecRules(declared.spec), declared.spec) };

  const violations = checkMergedRules(mergedSettings(declared, live), { hasSecret: live.hasSecret });
  const warned: ClientPlan = { ...entry, ...warningsOf(violations, declared.spec) };
  const errors = violations.filter((v) => v.severity === "error");
  if (errors.length > 0) {
    const message = errors.map((v) => liveOrSpec(v, declared.spec)).join("; ");
    return failEntry(warned, {
      code: "InvalidConfiguration",
      message: `the configuration that would be sent breaks AWS's rules: ${message}`,
    });
  }
  if (live.unknownMembers.length > 0) {
    return failEntry(warned, {
      code: "UnknownLiveField",
      message: `the live client has field(s) ${live.unknownMembers.join(", ")} that this version of cognito-gitops does not know; they would be reset by an update; upgrade cognito-gitops`,
    });
  }
  const update: ClientPlan = { ...warned, action: "update" };
  return pool ? checkAgainstPool(update, declared, live, pool) : update;
}

/** An update checked against its pool's own settings: a mismatch makes it an error entry. */
export function checkAgainstPool(
  entry: ClientPlan,
  declared: DeclaredClient,
  live: LiveClient,
  pool: PoolContext,
): ClientPlan {
  if (entry.action !== "update") return entry;
  const violations = checkPoolRules(mergedSettings(declared, live), pool);
  if (violations.length === 0) return entry;
  return failEntry(entry, {
    code: "PoolMismatch",
    message: `the configuration that would be sent does not fit its user pool: ${violations.map((v) => v.message).join("; ")}`,
  });
}
