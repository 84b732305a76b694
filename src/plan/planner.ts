/** Spec clients + live clients -> a plan entry per client. Pure: the reading is done by the caller. */
import type { ClientSummary, LiveClient } from "../cognito/port.js";
import { fromApi } from "../model/convert.js";
import { desiredConfig } from "../model/request.js";
import type { SpecClient } from "../spec/load.js";
import { checkMergedRules } from "../spec/rules.js";
import { diffClient } from "./diff.js";
import { fingerprint } from "./fingerprint.js";
import type { ClientPlan, PlanError } from "./model.js";

export type Match = { clientId: string } | { error: PlanError };

/** Finds a spec client among a pool's live clients: by clientId, or by a clientName only one client has. */
export function matchClient(spec: SpecClient, live: readonly ClientSummary[]): Match {
  const { clientId, clientName } = spec.spec;
  if (clientId !== undefined) {
    if (live.some((c) => c.clientId === clientId)) return { clientId };
    return {
      error: { code: "ClientNotFound", message: `no app client ${clientId} in user pool ${spec.userPoolId}` },
    };
  }
  const named = live.filter((c) => c.clientName === clientName);
  const only = named[0];
  if (named.length === 1 && only) return { clientId: only.clientId };
  if (named.length === 0) {
    return {
      error: {
        code: "ClientNotFound",
        message: `no app client named "${clientName}" in user pool ${spec.userPoolId}; cognito-gitops does not create clients`,
      },
    };
  }
  return {
    error: {
      code: "AmbiguousClientName",
      message: `${named.length} app clients in user pool ${spec.userPoolId} are named "${clientName}" (${named
        .map((c) => c.clientId)
        .join(", ")}); add clientId to the spec to pick one`,
    },
  };
}

export function specFingerprint(spec: SpecClient): string {
  return fingerprint({ userPoolId: spec.userPoolId, spec: spec.spec });
}

export function liveFingerprint(live: LiveClient): string {
  return fingerprint({ clientId: live.clientId, config: live.config });
}

function base(spec: SpecClient): Omit<ClientPlan, "action"> {
  const { clientId, clientName } = spec.spec;
  return {
    userPoolId: spec.userPoolId,
    region: spec.region ?? "",
    ...(clientId !== undefined ? { clientId } : {}),
    ...(clientName !== undefined ? { clientName } : {}),
    source: { file: spec.source.file, line: spec.source.line },
    changes: [],
    patch: [],
    specFingerprint: specFingerprint(spec),
  };
}

/** A plan entry for a client that could not be read or matched. */
export function errorPlan(spec: SpecClient, error: PlanError, region: string, clientId?: string): ClientPlan {
  return { ...base(spec), region, ...(clientId ? { clientId } : {}), action: "error", error };
}

/** Compares one spec client with its live client and checks what would be sent. */
export function planClient(spec: SpecClient, live: LiveClient, region: string): ClientPlan {
  const entry: ClientPlan = {
    ...base(spec),
    region,
    clientId: live.clientId,
    clientName: spec.spec.clientName ?? live.clientName,
    fingerprint: liveFingerprint(live),
    ...(live.lastModifiedDate ? { lastModifiedDate: live.lastModifiedDate } : {}),
    action: "no-op",
  };
  const diff = diffClient(spec.spec, live.config);
  entry.changes = diff.changes;
  entry.patch = diff.patch;
  if (diff.changes.length === 0) return entry;

  const violations = checkMergedRules(fromApi(desiredConfig(live.config, spec.spec)), {
    hasSecret: live.hasSecret,
  });
  if (violations.length > 0) {
    const message = violations.map((v) => v.message).join("; ");
    return {
      ...entry,
      action: "error",
      error: {
        code: "InvalidConfiguration",
        message: `the configuration that would be sent breaks AWS's rules: ${message}`,
      },
    };
  }
  if (live.unknownMembers.length > 0) {
    return {
      ...entry,
      action: "error",
      error: {
        code: "UnknownLiveField",
        message: `the live client has field(s) ${live.unknownMembers.join(", ")} that this version of cognito-gitops does not know; they would be reset by an update; upgrade cognito-gitops`,
      },
    };
  }
  return { ...entry, action: "update" };
}
