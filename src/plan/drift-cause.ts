/**
 * Why a field drifted, from the committed versions of its spec: when live holds a value that an
 * earlier version asked for, Git changed it later and that change never reached AWS (`unapplied`);
 * otherwise it was changed outside Git. Pure: the versions are read by the caller.
 */
import { FIELD_BY_KEY, type FieldDef } from "../model/fields.js";
import { normalizeField, sameValue } from "../model/normalize.js";
import { managedFields, managedSettings } from "../model/request.js";
import type { ClientSpec } from "../model/types.js";
import type { DeclaredClient, LooseSpec } from "../specfile/load.js";
import type { Change, CommitRef, DriftCause } from "./model.js";

/**
 * One committed version of a spec file, read loosely (not checked by today's rules). `spec` is
 * undefined when that version is not a spec at all (broken YAML, no list of clients); `absent`
 * when the file did not exist in that commit.
 */
export type SpecVersion = CommitRef & { spec?: LooseSpec; absent?: boolean };

export type Cause = { cause: DriftCause; since?: CommitRef };

/** The client in an older version of its file: by clientId, else by the name it is known by. */
function clientIn(
  spec: LooseSpec,
  declared: DeclaredClient,
  name: string | undefined,
): ClientSpec | undefined {
  if (spec.userPoolId !== declared.userPoolId) return undefined;
  const id = declared.spec.clientId;
  const clients = spec.clients as ClientSpec[];
  const byId = id === undefined ? undefined : clients.find((c) => c.clientId === id);
  return byId ?? clients.find((c) => c.clientId === undefined && name !== undefined && c.clientName === name);
}

/** What a spec version asked for a field, normalised the way the plan compares; undefined if it did not manage it. */
function askedFor(client: ClientSpec, field: FieldDef): unknown {
  if (!managedFields(client).includes(field)) return undefined;
  return normalizeField(field, managedSettings(client, [field]));
}

function ref(v: SpecVersion): CommitRef {
  return { commit: v.commit, date: v.date, subject: v.subject };
}

/**
 * The cause of one drifted field. `change` is the plan's (its `before` is live, normalised);
 * `versions` are the spec file's committed versions, newest first; `name` is the client's name.
 */
export function driftCause(
  change: Change,
  declared: DeclaredClient,
  name: string | undefined,
  versions: readonly SpecVersion[],
): Cause {
  const field = FIELD_BY_KEY.get(change.field);
  if (!field) return { cause: "unknown" };
  // Of the newer versions walked past, the oldest that asked for something other than live.
  let newer: SpecVersion | undefined;
  for (const version of versions) {
    // Before the file, or the client in it, existed, Git asked for nothing: stop there.
    if (version.absent) break;
    if (!version.spec) continue;
    const client = clientIn(version.spec, declared, name);
    if (!client) break;
    const asked = askedFor(client, field);
    if (asked === undefined) continue;
    if (!sameValue(asked, change.before)) {
      newer = version;
      continue;
    }
    // The newest version that asked for the live value; the next newer one that asked for
    // something else changed it away (none: the change is not committed yet).
    return newer ? { cause: "unapplied", since: ref(newer) } : { cause: "unapplied" };
  }
  return { cause: "outside-git" };
}

/** The client's changes, each with its cause. */
export function withCauses(
  changes: readonly Change[],
  declared: DeclaredClient,
  name: string | undefined,
  versions: readonly SpecVersion[] | undefined,
): Change[] {
  return changes.map((change) => {
    const found = versions ? driftCause(change, declared, name, versions) : { cause: "unknown" as const };
    return { ...change, ...found };
  });
}
