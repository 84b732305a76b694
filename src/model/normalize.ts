/**
 * Canonical values for comparison: sets sorted without duplicates, token lifetimes as durations
 * in their largest exact unit, absent values as AWS's defaults. Two settings mean the same to
 * AWS exactly when their normalised values are deep-equal.
 */

import { plural } from "../text.js";
import {
  DEFAULT_TOKEN_UNIT,
  type FieldDef,
  type FieldKey,
  type MemberDef,
  TOKEN_UNITS,
  type TokenUnit,
  UNIT_SECONDS,
} from "./fields.js";
import type { Settings } from "./settings.js";

export type Duration = { value: number; unit: TokenUnit };
/** Normalised values of some fields; a missing key means "not set". */
export type NormalDoc = Partial<Record<FieldKey, unknown>>;

const REFRESH_DEFAULT_DAYS = 30;

/** A duration in its largest exact unit: 60 minutes and 1 hours are both { 1, hours }. */
export function canonicalDuration(seconds: number): Duration {
  for (let i = TOKEN_UNITS.length - 1; i >= 0; i--) {
    const unit = TOKEN_UNITS[i] as TokenUnit;
    const value = seconds / UNIT_SECONDS[unit];
    if (Number.isInteger(value)) return { value, unit };
  }
  return { value: seconds, unit: "seconds" };
}

/** A duration as a person reads it: "1 hour", "90 minutes"; none reads "(not set)". */
export function durationText(d: Duration | null | undefined): string {
  if (!d) return "(not set)";
  return `${d.value} ${d.value === 1 ? d.unit.replace(/s$/, "") : d.unit}`;
}

/** Seconds as a person reads them, whole years as years: AWS's ranges ("60 minutes to 10 years"). */
export function secondsText(seconds: number): string {
  const years = seconds / (365 * UNIT_SECONDS.days);
  if (Number.isInteger(years)) return plural(years, "year");
  return durationText(canonicalDuration(seconds));
}

/** Seconds a duration field lasts in these settings, defaults applied. */
export function durationSeconds(field: FieldDef, s: Settings): number | undefined {
  if (field.kind.type !== "duration") return undefined;
  const token = field.kind.token;
  const raw = (s as Record<string, unknown>)[field.key];
  if (typeof raw !== "number") {
    return typeof field.awsDefault === "number"
      ? field.awsDefault * UNIT_SECONDS[DEFAULT_TOKEN_UNIT[token]]
      : undefined;
  }
  if (token === "refreshToken" && raw === 0) return REFRESH_DEFAULT_DAYS * UNIT_SECONDS.days;
  return raw * UNIT_SECONDS[s.tokenValidityUnits?.[token] ?? DEFAULT_TOKEN_UNIT[token]];
}

function compareText(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function meaningful(m: MemberDef, value: Record<string, unknown>): boolean {
  const when = m.meaningfulWhen;
  if (!when) return true;
  const other = value[when.member];
  return when.absent ? other === undefined || other === null : other === when.equals;
}

function normalObject(
  members: readonly MemberDef[],
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of members) {
    if (!meaningful(m, value)) continue;
    const v = value[m.key] ?? m.awsDefault;
    if (v !== undefined && v !== null) out[m.key] = v;
  }
  return out;
}

/** The canonical value of one field, or undefined when it is not set (and has no default). */
export function normalizeField(field: FieldDef, s: Settings): unknown {
  const raw = (s as Record<string, unknown>)[field.key];
  switch (field.kind.type) {
    case "duration": {
      const seconds = durationSeconds(field, s);
      return seconds === undefined ? undefined : canonicalDuration(seconds);
    }
    case "set": {
      // An empty list means AWS's default too (explicitAuthFlows: [] gives the three default flows).
      const fallback = Array.isArray(field.awsDefault) ? field.awsDefault : [];
      const list = Array.isArray(raw) && raw.length > 0 ? raw : fallback;
      return [...new Set(list)].sort(compareText);
    }
    case "object":
      return raw && typeof raw === "object"
        ? normalObject(field.kind.members, raw as Record<string, unknown>)
        : undefined;
    default:
      return raw ?? field.awsDefault ?? undefined;
  }
}

/** Normalised values of the given fields. */
export function normalize(s: Settings, fields: readonly FieldDef[]): NormalDoc {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const v = normalizeField(field, s);
    if (v !== undefined) out[field.key] = v;
  }
  return out as NormalDoc;
}

/** Deep equality of normalised values (their key order is fixed by the table). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
