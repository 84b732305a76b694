/** Desired vs live for one client: changed fields and an RFC 6902 patch. Pure. */
import jsonpatch, { type Operation } from "fast-json-patch";
import { type ApiConfig, fromApi } from "../model/convert.js";
import type { FieldDef, FieldKey } from "../model/fields.js";
import { type Duration, type NormalDoc, normalize, sameValue } from "../model/normalize.js";
import { managedFields, managedSettings } from "../model/request.js";
import type { Settings } from "../model/settings.js";
import type { ClientSpec } from "../model/types.js";
import type { Change } from "./model.js";

export type ClientDiff = { before: NormalDoc; after: NormalDoc; changes: Change[]; patch: Operation[] };

/** A change typed by its field's kind; normalised values come in (sets sorted, durations canonical). */
function changeOf(field: FieldDef, before: unknown, after: unknown): Change {
  const key = field.key as FieldKey;
  switch (field.kind.type) {
    case "set": {
      const b = (before ?? []) as string[];
      const a = (after ?? []) as string[];
      const had = new Set(b);
      const has = new Set(a);
      return {
        field: key,
        kind: "set",
        before: b,
        after: a,
        added: a.filter((x) => !had.has(x)),
        removed: b.filter((x) => !has.has(x)),
      };
    }
    case "duration":
      return {
        field: key,
        kind: "duration",
        before: (before ?? null) as Duration | null,
        after: (after ?? null) as Duration | null,
      };
    case "object":
      return {
        field: key,
        kind: "object",
        before: (before ?? null) as Record<string, unknown> | null,
        after: (after ?? null) as Record<string, unknown> | null,
      };
    default:
      return {
        field: key,
        kind: "scalar",
        before: (before ?? null) as string | number | boolean | null,
        after: (after ?? null) as string | number | boolean | null,
      };
  }
}

/** Compares normalised settings over the given fields. */
export function diffSettings(live: Settings, desired: Settings, fields: readonly FieldDef[]): ClientDiff {
  const before = normalize(live, fields);
  const after = normalize(desired, fields);
  const changes: Change[] = [];
  for (const f of fields) {
    const key = f.key as FieldKey;
    if (!sameValue(before[key], after[key])) changes.push(changeOf(f, before[key], after[key]));
  }
  const patch = changes.length === 0 ? [] : jsonpatch.compare(before, after);
  return { before, after, changes, patch };
}

/** What the spec would change on the live client: only the fields it manages are compared. */
export function diffClient(spec: ClientSpec, live: ApiConfig): ClientDiff {
  const fields = managedFields(spec);
  return diffSettings(fromApi(live), managedSettings(spec, fields), fields);
}
