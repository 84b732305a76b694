/** Desired vs live for one client: changed fields and an RFC 6902 patch. Pure. */
import jsonpatch, { type Operation } from "fast-json-patch";
import { type ApiConfig, fromApi } from "../model/convert.js";
import type { FieldDef, FieldKey } from "../model/fields.js";
import { type NormalDoc, normalize, sameValue } from "../model/normalize.js";
import { managedFields, managedSettings } from "../model/request.js";
import type { Settings } from "../model/settings.js";
import type { ClientSpec } from "../model/types.js";
import type { Change } from "./model.js";

export type ClientDiff = { before: NormalDoc; after: NormalDoc; changes: Change[]; patch: Operation[] };

/** Compares normalised settings over the given fields. */
export function diffSettings(live: Settings, desired: Settings, fields: readonly FieldDef[]): ClientDiff {
  const before = normalize(live, fields);
  const after = normalize(desired, fields);
  const changes: Change[] = [];
  for (const f of fields) {
    const key = f.key as FieldKey;
    if (!sameValue(before[key], after[key])) {
      changes.push({ field: key, before: before[key] ?? null, after: after[key] ?? null });
    }
  }
  const patch = changes.length === 0 ? [] : jsonpatch.compare(before, after);
  return { before, after, changes, patch };
}

/** What the spec would change on the live client: only the fields it manages are compared. */
export function diffClient(spec: ClientSpec, live: ApiConfig): ClientDiff {
  const fields = managedFields(spec);
  return diffSettings(fromApi(live), managedSettings(spec, fields), fields);
}
