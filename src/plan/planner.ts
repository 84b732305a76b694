/** Spec clients + live clients -> a plan entry per client. Pure: the reading is done by the caller. */
import { fromApi } from "../model/convert.js";
import { FIELDS } from "../model/fields.js";
import type { ClientSummary, LiveClient } from "../model/live.js";
import { normalize } from "../model/normalize.js";
import type { PoolContext } from "../model/pool.js";
import { desiredConfig } from "../model/request.js";
import { checkMergedRules, checkSpecRules, type Violation } from "../model/rules.js";
import type { Settings } from "../model/settings.js";
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
function mergedSettings(declared: DeclaredClient, live: LiveClient): Settings {
  return fromApi(desiredConfig(live.config, declared.spec));
}

/**
 * The security review of a client's changes. Plan and apply judge the change apply would make,
 * from live to spec; drift judges the change made outside Git, from spec to live (`merged`, the
 * spec laid over live, is the declared side).
 */
function reviewClient(
  declared: DeclaredClient,
  live: LiveClient,
  changes: readonly Change[],
  mode: ReportMode,
  merged: Settings,
): Risk[] {
  const accepted = declared.spec.acceptRisks ?? [];
  if (mode !== "drift")
    return reviewChanges(changes, { before: normalize(fromApi(live.config), FIELDS) }, accepted);
  return reviewChanges(changes.map(reverseChange), { before: normalize(merged, FIELDS) }, accepted);
}

const BROKEN_RULES = "the configuration that would be sent breaks AWS's rules";

/** A reason an update of this client must not be sent, whatever the spec says. */
type Refusal = { code: string; rule: string; message: string };

function refusals(violations: readonly Violation[], declared: DeclaredClient, live: LiveClient): Refusal[] {
  const out: Refusal[] = violations
    .filter((v) => v.severity === "error")
    .map((v) => ({ code: "InvalidConfiguration", rule: v.rule, message: liveOrSpec(v, declared.spec) }));
  if (live.unknownMembers.length > 0) {
    out.push({
      code: "UnknownLiveField",
      rule: "unknown-live-field",
      message: `the live client has field(s) ${live.unknownMembers.join(", ")} that this version of cognito-gitops does not know; they would be reset by an update; upgrade cognito-gitops`,
    });
  }
  if (live.rawUnread) {
    out.push({
      code: "UncheckedLiveFields",
      rule: "unchecked-live-fields",
      message:
        "AWS's answer for this client could not be read as sent, so fields this version of cognito-gitops does not know cannot be ruled out, and an update would reset them; please report this",
    });
  }
  return out;
}

function refusalText(r: Refusal): string {
  return r.code === "InvalidConfiguration" ? `${BROKEN_RULES}: ${r.message}` : r.message;
}

/** The error entry's one error: the first kind of refusal (AWS's rules, all of them, come first). */
function refusalError(found: readonly Refusal[]): PlanError | undefined {
  const first = found[0];
  if (!first) return undefined;
  if (first.code !== "InvalidConfiguration") return { code: first.code, message: first.message };
  const broken = found.filter((r) => r.code === first.code).map((r) => r.message);
  return { code: first.code, message: `${BROKEN_RULES}: ${broken.join("; ")}` };
}

/** A planned client, and the configuration (spec form) an update of it would send, when apply would send one. */
export type Assessment = { plan: ClientPlan; toSend?: Settings };

/**
 * Compares one spec client with its live client, reviews the changes and checks what would be
 * sent. Plan and apply refuse what must not be sent (an error entry); drift, which sends nothing,
 * reports the difference all the same, with those reasons as warnings.
 */
export function assessClient(
  declared: DeclaredClient,
  live: LiveClient,
  region: string,
  mode: ReportMode = "plan",
): Assessment {
  const diff = diffClient(declared.spec, live.config);
  const entry: ClientPlan = {
    ...base(declared, region),
    clientId: live.clientId,
    clientName: declared.spec.clientName ?? live.clientName,
    fingerprint: liveFingerprint(live),
    ...(live.lastModifiedDate ? { lastModifiedDate: live.lastModifiedDate } : {}),
    changes: diff.changes,
    patch: diff.patch,
    action: "no-op",
  };
  // Nothing is sent: the spec's own warnings, as validate shows them.
  if (diff.changes.length === 0)
    return { plan: { ...entry, ...warningsOf(checkSpecRules(declared.spec), declared.spec) } };

  const merged = mergedSettings(declared, live);
  const violations = checkMergedRules(merged, { hasSecret: live.hasSecret });
  const planned: ClientPlan = {
    ...entry,
    risks: reviewClient(declared, live, diff.changes, mode, merged),
    ...warningsOf(violations, declared.spec),
    action: "update",
  };
  const refused = refusals(violations, declared, live);
  if (mode === "drift") {
    if (refused.length === 0) return { plan: planned };
    const warnings = [
      ...(planned.warnings ?? []),
      ...refused.map((r) => ({ rule: r.rule, message: `apply would refuse this client: ${refusalText(r)}` })),
    ];
    return { plan: { ...planned, warnings } };
  }
  const error = refusalError(refused);
  return error ? { plan: failEntry(planned, error) } : { plan: planned, toSend: merged };
}

/**
 * assessClient's entry; with `pool`, an update is also checked against the pool's own settings.
 */
export function planClient(
  declared: DeclaredClient,
  live: LiveClient,
  region: string,
  mode: ReportMode = "plan",
  pool?: PoolContext,
): ClientPlan {
  const { plan, toSend } = assessClient(declared, live, region, mode);
  return pool && toSend ? checkAgainstPool(plan, toSend, pool) : plan;
}

/** An update checked against its pool's own settings (`sent`: what it would send): a mismatch makes it an error entry. */
export function checkAgainstPool(entry: ClientPlan, sent: Settings, pool: PoolContext): ClientPlan {
  if (entry.action !== "update") return entry;
  const violations = checkPoolRules(sent, pool);
  if (violations.length === 0) return entry;
  return failEntry(entry, {
    code: "PoolMismatch",
    message: `the configuration that would be sent does not fit its user pool: ${violations.map((v) => v.message).join("; ")}`,
  });
}
