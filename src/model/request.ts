/**
 * The configuration an update sends. UpdateUserPoolClient resets every member it is not given,
 * so the request is the live client's whole configuration with the spec's managed fields laid
 * over it; nothing the spec does not name changes.
 */
import { type ApiConfig, toApi } from "./convert.js";
import {
  DEFAULT_TOKEN_UNIT,
  DURATION_FIELDS,
  FIELDS,
  type FieldDef,
  TOKEN_UNIT_API,
  TOKEN_UNITS_FIELD,
} from "./fields.js";
import type { Settings } from "./settings.js";
import type { ClientSpec } from "./types.js";

/** The fields a spec manages: those it sets, minus its `ignore` list. */
export function managedFields(spec: ClientSpec): FieldDef[] {
  const ignored = new Set<string>(spec.ignore ?? []);
  const s = spec as Record<string, unknown>;
  return FIELDS.filter((f) => s[f.key] !== undefined && !ignored.has(f.key));
}

/** The managed part of a spec, in spec form, with the units of its managed token lifetimes. */
export function managedSettings(
  spec: ClientSpec,
  fields: readonly FieldDef[] = managedFields(spec),
): Settings {
  const out: Record<string, unknown> = {};
  const s = spec as Record<string, unknown>;
  for (const f of fields) out[f.key] = s[f.key];
  if (spec.tokenValidityUnits) out.tokenValidityUnits = { ...spec.tokenValidityUnits };
  return out as Settings;
}

function clone(config: ApiConfig): ApiConfig {
  return structuredClone(config);
}

/** Live configuration with the spec's managed fields laid over it: the whole update request body. */
export function desiredConfig(live: ApiConfig, spec: ClientSpec): ApiConfig {
  const fields = managedFields(spec);
  const out = clone(live);
  const managed = managedSettings(spec, fields);
  const overlay = toApi(managed);
  for (const f of fields) {
    if ((managed as Record<string, unknown>)[f.key] === null) delete out[f.api];
    else out[f.api] = overlay[f.api];
  }

  const durations = DURATION_FIELDS.filter((d) => fields.includes(d));
  if (durations.length > 0) {
    // Send all three lifetimes with their units, so a unit never applies to a stale value.
    const liveUnits = (live[TOKEN_UNITS_FIELD.api] ?? {}) as Record<string, string>;
    const units: Record<string, string> = {};
    for (const d of DURATION_FIELDS) {
      const token = d.kind.token;
      const apiUnit = TOKEN_UNIT_API[token];
      if (durations.includes(d)) {
        units[apiUnit] = managed.tokenValidityUnits?.[token] ?? DEFAULT_TOKEN_UNIT[token];
      } else if (out[d.api] === undefined) {
        out[d.api] = d.awsDefault;
        units[apiUnit] = DEFAULT_TOKEN_UNIT[token];
      } else {
        units[apiUnit] = liveUnits[apiUnit] ?? DEFAULT_TOKEN_UNIT[token];
      }
    }
    out[TOKEN_UNITS_FIELD.api] = units;
  }
  return out;
}
