/**
 * From an AWS answer to the tool's LiveClient: updatable members only, no secret, and the members
 * the SDK's model does not know (read from the raw body), which an update would reset.
 */
import type { UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import type { ApiConfig } from "../model/convert.js";
import {
  FIELDS,
  READ_ONLY_API_MEMBERS,
  TOKEN_UNIT_API,
  TOKEN_UNITS_FIELD,
  UPDATABLE_API_MEMBERS,
} from "../model/fields.js";
import type { LiveClient } from "../model/live.js";

const UPDATABLE = new Set(UPDATABLE_API_MEMBERS);
const READ_ONLY = new Set<string>(READ_ONLY_API_MEMBERS);

/** Members of the object-valued fields, as `Parent.Member`: an update resets an unknown one too. */
const KNOWN_NESTED = new Set<string>([
  ...FIELDS.flatMap((f) => (f.kind.type === "object" ? f.kind.members.map((m) => `${f.api}.${m.api}`) : [])),
  ...Object.values(TOKEN_UNIT_API).map((u) => `${TOKEN_UNITS_FIELD.api}.${u}`),
]);

function isUnknownMember(path: string): boolean {
  const dot = path.indexOf(".");
  if (dot < 0) return !UPDATABLE.has(path) && !READ_ONLY.has(path);
  return UPDATABLE.has(path.slice(0, dot)) && !KNOWN_NESTED.has(path);
}

/** Top-level member names of a raw answer, and `Parent.Member` for the members of object values. */
export function memberPaths(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    out.push(k);
    if (v && typeof v === "object" && !Array.isArray(v))
      for (const sub of Object.keys(v)) out.push(`${k}.${sub}`);
  }
  return out;
}

function iso(d: Date | undefined): string | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

/**
 * The tool's view of a client AWS returned; `rawMembers` are the member paths of the raw answer,
 * undefined when it could not be read.
 */
export function toLiveClient(
  userPoolId: string,
  c: UserPoolClientType,
  rawMembers: readonly string[] | undefined,
): LiveClient {
  const config: ApiConfig = {};
  for (const [k, v] of Object.entries(c)) if (UPDATABLE.has(k) && v !== undefined) config[k] = v;
  const lastModifiedDate = iso(c.LastModifiedDate);
  return {
    userPoolId,
    clientId: c.ClientId ?? "",
    clientName: c.ClientName ?? "",
    config,
    hasSecret: typeof c.ClientSecret === "string" && c.ClientSecret.length > 0,
    ...(lastModifiedDate ? { lastModifiedDate } : {}),
    unknownMembers: (rawMembers ?? []).filter(isUnknownMember).sort(),
    ...(rawMembers === undefined ? { rawUnread: true as const } : {}),
  };
}
