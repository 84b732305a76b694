/** Between the AWS API's shape (PascalCase members) and the spec's (camelCase keys), by the field table. */
import {
  FIELDS,
  type FieldDef,
  TOKEN_UNIT_API,
  TOKEN_UNITS_FIELD,
  type TokenKind,
  type TokenUnit,
} from "./fields.js";
import type { Settings } from "./settings.js";
import type { TokenValidityUnits } from "./types.js";

/** Updatable members of an app client, keyed by API member name, as Describe returns them. */
export type ApiConfig = Record<string, unknown>;

const TOKENS = Object.keys(TOKEN_UNIT_API) as TokenKind[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function copy(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v;
}

function memberFromApi(field: FieldDef, value: unknown): unknown {
  if (field.kind.type !== "object" || !isRecord(value)) return copy(value);
  const out: Record<string, unknown> = {};
  for (const m of field.kind.members) if (value[m.api] !== undefined) out[m.key] = value[m.api];
  return out;
}

function memberToApi(field: FieldDef, value: unknown): unknown {
  // AWS counts a list's items as sent (AllowedOAuthFlows takes at most 3): send sets without duplicates.
  if (field.kind.type === "set" && Array.isArray(value)) return [...new Set(value)];
  if (field.kind.type !== "object" || !isRecord(value)) return copy(value);
  const out: Record<string, unknown> = {};
  for (const m of field.kind.members) if (value[m.key] !== undefined) out[m.api] = value[m.key];
  return out;
}

/** The spec form of a live configuration. */
export function fromApi(config: ApiConfig): Settings {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const v = config[field.api];
    if (v !== undefined && v !== null) out[field.key] = memberFromApi(field, v);
  }
  const units = config[TOKEN_UNITS_FIELD.api];
  if (isRecord(units)) {
    const tokenValidityUnits: TokenValidityUnits = {};
    for (const t of TOKENS) {
      const u = units[TOKEN_UNIT_API[t]];
      if (typeof u === "string") tokenValidityUnits[t] = u as TokenUnit;
    }
    out.tokenValidityUnits = tokenValidityUnits;
  }
  return out as Settings;
}

/** The API form of spec-form settings; `null` values (removals) are left out. */
export function toApi(settings: Settings): ApiConfig {
  const out: ApiConfig = {};
  const s = settings as Record<string, unknown>;
  for (const field of FIELDS) {
    const v = s[field.key];
    if (v !== undefined && v !== null) out[field.api] = memberToApi(field, v);
  }
  const units = settings.tokenValidityUnits;
  if (units) {
    const api: Record<string, string> = {};
    for (const t of TOKENS) {
      const u = units[t];
      if (u !== undefined) api[TOKEN_UNIT_API[t]] = u;
    }
    out[TOKEN_UNITS_FIELD.api] = api;
  }
  return out;
}
