/**
 * Property tests for normalisation, the differ and the update request, over settings built
 * from the field table (so a new row is covered without touching this file).
 */
import fc from "fast-check";
import jsonpatch from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { type ApiConfig, fromApi, toApi } from "../../src/model/convert.js";
import {
  DEFAULT_TOKEN_UNIT,
  DURATION_FIELDS,
  FIELD_KEYS,
  FIELDS,
  type FieldDef,
  type MemberDef,
  READ_ONLY_API_MEMBERS,
  type ScalarKind,
  TOKEN_UNIT_API,
  TOKEN_UNITS,
  TOKEN_UNITS_FIELD,
  type TokenKind,
  type TokenUnit,
  UNIT_SECONDS,
} from "../../src/model/fields.js";
import type { LiveClient } from "../../src/model/live.js";
import {
  canonicalDuration,
  durationSeconds,
  type NormalDoc,
  normalize,
  normalizeField,
  sameValue,
} from "../../src/model/normalize.js";
import { desiredConfig, managedFields } from "../../src/model/request.js";
import { resourceScope, STANDARD_SCOPES } from "../../src/model/rules/oauth.js";
import type { Settings } from "../../src/model/settings.js";
import type { ClientSpec } from "../../src/model/types.js";
import { diffClient, diffSettings } from "../../src/plan/diff.js";
import { planClient } from "../../src/plan/planner.js";

const RUNS = { seed: 20_240_611, numRuns: 300 } as const;

type Rec = Record<string, unknown>;
/** The field table, seen through its row type (so optional row members such as awsDefault are visible). */
const TABLE: readonly FieldDef[] = FIELDS;

// ---------------------------------------------------------------------------------------------
// Arbitraries, driven by the field table
// ---------------------------------------------------------------------------------------------

const URLS = fc.oneof(
  fc.webUrl({ validSchemes: ["https"], withQueryParameters: true }),
  fc.constantFrom(
    "http://localhost:3000/callback",
    "http://127.0.0.1:8080/cb",
    "http://[::1]/cb",
    "myapp://callback",
    "com.example.app:/oauth2redirect",
  ),
);

function scalarArb(kind: ScalarKind): fc.Arbitrary<unknown> {
  switch (kind.type) {
    case "string": {
      const min = kind.minLength ?? 0;
      const max = Math.min(kind.maxLength ?? 40, 40);
      if (kind.pattern === undefined) return fc.string({ minLength: Math.max(min, 1), maxLength: max });
      const re = new RegExp(kind.pattern);
      // Start-anchored patterns (ARNs) may need padding to their minimum length.
      return fc
        .stringMatching(re)
        .map((s) => (s.length < min && !kind.pattern?.endsWith("$") ? s.padEnd(min, "a") : s))
        .filter((s) => s.length >= Math.max(min, 1) && s.length <= (kind.maxLength ?? 2048) && re.test(s));
    }
    case "url":
      return URLS;
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: kind.minimum, max: kind.maximum });
    case "enum":
      return fc.constantFrom(...kind.values);
  }
}

function objectArb(members: readonly MemberDef[]): fc.Arbitrary<Rec> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const m of members) model[m.key] = scalarArb(m.kind);
  return fc.record(model, { requiredKeys: members.filter((m) => m.required).map((m) => m.key) });
}

/** A valid value of a non-duration field. */
function valueArb(field: FieldDef): fc.Arbitrary<unknown> {
  const kind = field.kind;
  switch (kind.type) {
    case "set":
      return fc.array(scalarArb(kind.item), { maxLength: Math.min(kind.maxItems ?? 6, 6) });
    case "object":
      return objectArb(kind.members);
    case "duration":
      throw new Error("durations are generated with their unit");
    default:
      return scalarArb(kind);
  }
}

type DurationDef = (typeof DURATION_FIELDS)[number];

/** A lifetime in range for its token, with its unit (or none: the default unit). */
function durationArb(field: DurationDef): fc.Arbitrary<{ value: number; unit: TokenUnit | undefined }> {
  const { token, minSeconds, maxSeconds } = field.kind;
  const inRange = fc.option(fc.constantFrom(...TOKEN_UNITS), { nil: undefined }).chain((unit) => {
    const seconds = UNIT_SECONDS[unit ?? DEFAULT_TOKEN_UNIT[token]];
    const min = Math.ceil(minSeconds / seconds);
    const max = Math.floor(maxSeconds / seconds);
    return fc.integer({ min, max }).map((value) => ({ value, unit }));
  });
  // 0 is AWS's "default" for a refresh token (30 days).
  if (token !== "refreshToken") return inRange;
  return fc.oneof(
    { arbitrary: inRange, weight: 9 },
    {
      arbitrary: fc
        .option(fc.constantFrom(...TOKEN_UNITS), { nil: undefined })
        .map((unit) => ({ value: 0, unit })),
      weight: 1,
    },
  );
}

function buildArb(f: FieldDef, withNulls: boolean): fc.Arbitrary<unknown> {
  if (f.kind.type === "duration") return durationArb(f as DurationDef);
  const v = valueArb(f);
  return withNulls && f.nullable ? fc.oneof({ arbitrary: v, weight: 3 }, fc.constant(null)) : v;
}

// Built once: building an arbitrary (stringMatching parses its regex) costs far more than drawing from it.
const FIELD_ARBS = new Map<string, readonly [fc.Arbitrary<unknown>, fc.Arbitrary<unknown>]>(
  FIELDS.map((f) => [f.key, [buildArb(f, false), buildArb(f, true)]]),
);

function arbFor(f: FieldDef, withNulls: boolean): fc.Arbitrary<unknown> {
  const arbs = FIELD_ARBS.get(f.key);
  if (!arbs) throw new Error(`no arbitrary for ${f.key}`);
  return arbs[withNulls ? 1 : 0];
}

/** Durations arrive as { value, unit }: the value goes to the field, the unit to tokenValidityUnits. */
function assemble(raw: Rec): Settings {
  const out: Rec = {};
  const units: Partial<Record<TokenKind, TokenUnit>> = {};
  for (const [k, v] of Object.entries(raw)) {
    const d = DURATION_FIELDS.find((x) => x.key === k);
    if (!d) {
      out[k] = v;
      continue;
    }
    const { value, unit } = v as { value: number; unit: TokenUnit | undefined };
    out[k] = value;
    if (unit !== undefined) units[d.kind.token] = unit;
  }
  if (Object.keys(units).length > 0) out.tokenValidityUnits = units;
  return out as Settings;
}

/** Spec-form settings: a subset of the table's fields (sometimes all), each with a valid value (or null where allowed). */
function settingsArb(withNulls: boolean): fc.Arbitrary<Settings> {
  return fc
    .oneof(fc.subarray([...TABLE]), fc.constant([...TABLE]))
    .chain((fields) => fc.record(Object.fromEntries(fields.map((f) => [f.key, arbFor(f, withNulls)]))))
    .map(assemble);
}

const ROLE_ARN = "arn:aws:iam::123456789012:role/cognito-pinpoint";

/**
 * The same settings made to follow AWS's cross-field rules (design.md fact 5): what a real
 * client, or a spec that passed `validate`, looks like.
 */
function coherent(input: Settings): Settings {
  const s = structuredClone(input) as Rec;
  const list = (k: string): string[] | undefined => (Array.isArray(s[k]) ? (s[k] as string[]) : undefined);
  const flows = list("allowedOAuthFlows");
  if (flows?.includes("client_credentials") && new Set(flows).size > 1) {
    s.allowedOAuthFlows = flows.filter((f) => f !== "client_credentials");
  }
  const redirect = s.defaultRedirectURI;
  if (typeof redirect === "string" && !list("callbackURLs")?.includes(redirect)) {
    s.callbackURLs = [...(list("callbackURLs") ?? []), redirect];
  }
  // AWS compares redirect URLs as exact strings: a * (which fc.webUrl may draw) never matches.
  for (const k of ["callbackURLs", "logoutURLs"]) {
    const urls = list(k);
    if (urls) s[k] = urls.map((u) => u.replaceAll("*", ""));
  }
  if (typeof s.defaultRedirectURI === "string")
    s.defaultRedirectURI = s.defaultRedirectURI.replaceAll("*", "");
  // A scope is a standard one or resource-server/scope-name.
  const scopes = list("allowedOAuthScopes")?.map((x) =>
    STANDARD_SCOPES.includes(x) || resourceScope(x)
      ? x
      : `api.example.com/${x.replaceAll("/", "") || "read"}`,
  );
  if (scopes) s.allowedOAuthScopes = scopes;
  const oauth = ["allowedOAuthFlows", "allowedOAuthScopes", "callbackURLs", "logoutURLs"];
  if (oauth.some((k) => (list(k)?.length ?? 0) > 0)) s.allowedOAuthFlowsUserPoolClient = true;
  if (s.allowedOAuthFlowsUserPoolClient === true) {
    // The flag needs both flows and scopes; client_credentials takes resource-server scopes only.
    if ((list("allowedOAuthFlows")?.length ?? 0) === 0) s.allowedOAuthFlows = ["code"];
    const machine = list("allowedOAuthFlows")?.includes("client_credentials") ?? false;
    const kept = (list("allowedOAuthScopes") ?? []).filter((x) => !machine || !STANDARD_SCOPES.includes(x));
    s.allowedOAuthScopes = kept.length > 0 ? kept : [machine ? "api.example.com/read" : "openid"];
  }
  const auth = list("explicitAuthFlows");
  if (auth) {
    const allow = auth.filter((f) => f.startsWith("ALLOW_"));
    if (allow.length > 0) s.explicitAuthFlows = [...allow, "ALLOW_REFRESH_TOKEN_AUTH"];
  }
  const a = s.analyticsConfiguration as Rec | null | undefined;
  if (a) {
    if (a.applicationArn !== undefined) delete a.applicationId;
    else {
      a.applicationId ??= "0123456789abcdef";
      a.roleArn ??= ROLE_ARN;
      a.externalId ??= "external-id";
    }
  }
  return s as Settings;
}

const liveSettingsArb = settingsArb(false).map(coherent);

/**
 * A live configuration as Describe returns the updatable members. A client may hold a unit for
 * a lifetime it never set (the lifetime is then AWS's default, whatever the unit).
 */
const liveArb: fc.Arbitrary<ApiConfig> = fc
  .tuple(
    liveSettingsArb,
    fc.record(
      Object.fromEntries(DURATION_FIELDS.map((d) => [d.kind.token, fc.constantFrom(...TOKEN_UNITS)])),
      { requiredKeys: [] },
    ),
  )
  .map(([s, strayUnits]) => {
    const units: Partial<Record<TokenKind, TokenUnit>> = { ...s.tokenValidityUnits };
    for (const d of DURATION_FIELDS) {
      const stray = strayUnits[d.kind.token];
      if (s[d.key] === undefined && stray !== undefined) units[d.kind.token] = stray as TokenUnit;
    }
    return toApi(Object.keys(units).length > 0 ? { ...s, tokenValidityUnits: units } : s);
  });

/** A spec client: settings (nulls allowed), sometimes with an ignore list. */
const specArb: fc.Arbitrary<ClientSpec> = fc
  .tuple(
    fc.oneof(settingsArb(true).map(coherent), settingsArb(true)),
    fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: fc.subarray([...FIELD_KEYS]), weight: 1 },
    ),
  )
  .map(([s, ignore]) => {
    const spec: ClientSpec = { clientId: "1example23456789client", ...s };
    if (ignore !== undefined) spec.ignore = ignore;
    return spec;
  });

function liveClient(config: ApiConfig, hasSecret: boolean, unknownMembers: string[] = []): LiveClient {
  return {
    userPoolId: "us-east-1_TESTPOOL",
    clientId: "1example23456789client",
    clientName: typeof config.ClientName === "string" ? config.ClientName : "client",
    config,
    hasSecret,
    unknownMembers,
  };
}

const SPEC_CLIENT = (spec: ClientSpec) => ({
  userPoolId: "us-east-1_TESTPOOL",
  region: "us-east-1",
  spec,
  source: { file: "clients.yaml", line: 1, column: 1, index: 0 },
});

/** The same value written differently: a set shuffled with duplicates. */
function reshuffledSetArb(list: readonly unknown[]): fc.Arbitrary<unknown[]> {
  if (list.length === 0) return fc.constant([]);
  return fc
    .tuple(fc.shuffledSubarray([...list], { minLength: list.length }), fc.subarray([...list]))
    .chain(([all, dups]) => fc.shuffledSubarray([...all, ...dups], { minLength: all.length + dups.length }));
}

/** Every way to write a number of seconds as value x unit (exact), with the unit left out when it is the default. */
function exactForms(seconds: number, token: TokenKind): { value: number; unit: TokenUnit | undefined }[] {
  const forms: { value: number; unit: TokenUnit | undefined }[] = [];
  for (const unit of TOKEN_UNITS) {
    const value = seconds / UNIT_SECONDS[unit];
    if (!Number.isInteger(value)) continue;
    forms.push({ value, unit });
    if (unit === DEFAULT_TOKEN_UNIT[token]) forms.push({ value, unit: undefined });
  }
  if (token === "refreshToken" && seconds === 30 * UNIT_SECONDS.days) forms.push({ value: 0, unit: "days" });
  return forms;
}

/**
 * A spec that says the same as the live settings in another form: a subset of fields, sets
 * reordered with duplicates, lifetimes in another exact unit, defaults written out or left out,
 * null for nullable fields live does not have.
 */
function equivalentSpecArb(live: Settings): fc.Arbitrary<ClientSpec> {
  const s = live as Rec;
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of TABLE) {
    const v = s[f.key];
    const kind = f.kind;
    if (kind.type === "duration") {
      const seconds = durationSeconds(f, live);
      if (seconds !== undefined) parts[f.key] = fc.constantFrom(...exactForms(seconds, kind.token));
    } else if (kind.type === "set") {
      const list = Array.isArray(v) ? v : Array.isArray(f.awsDefault) ? f.awsDefault : [];
      parts[f.key] = reshuffledSetArb(list);
    } else if (kind.type === "object") {
      if (v && typeof v === "object") {
        const members: Record<string, fc.Arbitrary<unknown>> = {};
        const obj = v as Rec;
        for (const m of kind.members) {
          const mv = obj[m.key] ?? m.awsDefault;
          if (mv === undefined) continue;
          // A member equal to its default may be written out or left out.
          members[m.key] =
            m.awsDefault !== undefined && mv === m.awsDefault
              ? fc.constantFrom<unknown>(mv, undefined)
              : fc.constant(mv);
        }
        parts[f.key] = fc
          .record(members)
          .map((o) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)));
      } else if (f.nullable) {
        parts[f.key] = fc.constant(null);
      }
    } else if (v !== undefined) {
      parts[f.key] = fc.constant(v);
    } else if (f.awsDefault !== undefined) {
      parts[f.key] = fc.constant(f.awsDefault);
    } else if (f.nullable) {
      parts[f.key] = fc.constant(null);
    }
  }
  const keys = Object.keys(parts);
  return fc
    .oneof(fc.subarray(keys), fc.constant(keys))
    .chain((picked) =>
      fc.record(Object.fromEntries(picked.map((k) => [k, parts[k] as fc.Arbitrary<unknown>]))),
    )
    .map((raw) => ({ clientId: "1example23456789client", ...assemble(raw) }) as ClientSpec);
}

const liveAndEquivalentSpec = liveSettingsArb.chain((live) =>
  equivalentSpecArb(live).map((spec) => ({ live: toApi(live), spec })),
);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const DURATION_MEMBERS = new Set<string>([...DURATION_FIELDS.map((d) => d.api), TOKEN_UNITS_FIELD.api]);

/** A normalised document back in spec form (durations are { value, unit }), so it can be normalised again. */
const denormalize = (doc: NormalDoc): Settings => assemble(doc as Rec);

function shuffleSetsArb(s: Settings): fc.Arbitrary<Settings> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of FIELDS) {
    const v = (s as Rec)[f.key];
    if (f.kind.type === "set" && Array.isArray(v)) parts[f.key] = reshuffledSetArb(v);
  }
  return fc.record(parts).map((sets) => ({ ...s, ...sets }) as Settings);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("differ properties", () => {
  it("the arbitraries produce values the field table accepts", () => {
    // A smoke check on the generators themselves: every key is a field, lifetimes are in range.
    fc.assert(
      fc.property(liveSettingsArb, (s) => {
        for (const k of Object.keys(s)) expect([...FIELD_KEYS, "tokenValidityUnits"]).toContain(k);
        for (const d of DURATION_FIELDS) {
          const seconds = durationSeconds(d, s);
          if (seconds === undefined) continue;
          expect(seconds).toBeGreaterThanOrEqual(d.kind.minSeconds);
          expect(seconds).toBeLessThanOrEqual(d.kind.maxSeconds);
        }
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it("(a) any settings diffed against themselves: no change, empty patch", () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const settings = { ...spec } as Settings;
        expect(diffSettings(settings, settings, FIELDS)).toMatchObject({ changes: [], patch: [] });
        const d = diffClient(spec, toApi(settings));
        expect(d.changes).toEqual([]);
        expect(d.patch).toEqual([]);
        expect(d.before).toEqual(d.after);
      }),
      RUNS,
    );
  });

  it("(a') a spec that says the same as live in another form is a no-op", () => {
    fc.assert(
      fc.property(liveAndEquivalentSpec, fc.boolean(), ({ live, spec }, hasSecret) => {
        const d = diffClient(spec, live);
        expect(d.changes).toEqual([]);
        expect(d.patch).toEqual([]);
        const plan = planClient(
          SPEC_CLIENT(spec),
          liveClient(live, hasSecret, ["FutureSetting"]),
          "us-east-1",
        );
        expect(plan.action).toBe("no-op");
      }),
      RUNS,
    );
  });

  it("(b) the differ and the planner never throw, and only report managed fields", () => {
    fc.assert(
      fc.property(specArb, liveArb, fc.boolean(), fc.boolean(), (spec, live, hasSecret, unknown) => {
        const d = diffClient(spec, live);
        const managed = managedFields(spec).map((f) => f.key);
        for (const c of d.changes) expect(managed).toContain(c.field);
        expect(d.patch.length === 0).toBe(d.changes.length === 0);
        expect(jsonpatch.applyPatch(structuredClone(d.before), d.patch, true, false).newDocument).toEqual(
          d.after,
        );
        desiredConfig(live, spec);
        const plan = planClient(
          SPEC_CLIENT(spec),
          liveClient(live, hasSecret, unknown ? ["FutureSetting"] : []),
          "us-east-1",
        );
        expect(plan.changes).toEqual(d.changes);
        if (d.changes.length === 0) expect(plan.action).toBe("no-op");
        else expect(["update", "error"]).toContain(plan.action);
        if (plan.action === "update") expect(unknown).toBe(false);
      }),
      RUNS,
    );
  });

  it("(c) the spec laid over live converges: diffing the spec against the request finds nothing", () => {
    fc.assert(
      fc.property(specArb, liveArb, (spec, live) => {
        const request = desiredConfig(live, spec);
        expect(diffClient(spec, request).changes).toEqual([]);
        // Idempotent: laying the spec over its own result changes nothing.
        expect(desiredConfig(request, spec)).toEqual(request);
      }),
      RUNS,
    );
  });

  it("(c') a no-op plan means the request would change nothing AWS holds", () => {
    fc.assert(
      fc.property(specArb, liveArb, (spec, live) => {
        const changed = diffClient(spec, live).changes.length > 0;
        const same = sameValue(
          normalize(fromApi(desiredConfig(live, spec)), FIELDS),
          normalize(fromApi(live), FIELDS),
        );
        expect(same).toBe(!changed);
      }),
      RUNS,
    );
  });

  it("(b') a complete spec that follows AWS's rules never gives InvalidConfiguration, whatever is live", () => {
    const complete = fc
      .record(Object.fromEntries(FIELDS.map((f) => [f.key, arbFor(f, true)])))
      .map((raw) => ({ clientId: "1example23456789client", ...coherent(assemble(raw)) }) as ClientSpec);
    fc.assert(
      fc.property(complete, liveArb, (spec, live) => {
        const plan = planClient(SPEC_CLIENT(spec), liveClient(live, true), "us-east-1");
        expect(["no-op", "update"]).toContain(plan.action);
      }),
      RUNS,
    );
  });

  it("(d) nothing the spec does not manage changes in the request", () => {
    fc.assert(
      fc.property(specArb, liveArb, (spec, live) => {
        const liveCopy = structuredClone(live);
        const specCopy = structuredClone(spec);
        const request = desiredConfig(live, spec);
        expect(live).toEqual(liveCopy);
        expect(spec).toEqual(specCopy);

        const managed = managedFields(spec);
        const managedApi = new Set<string>(managed.map((f) => f.api));
        for (const m of READ_ONLY_API_MEMBERS) expect(request).not.toHaveProperty(m);
        for (const k of Object.keys(request)) {
          expect(k in live || managedApi.has(k) || DURATION_MEMBERS.has(k), `unexpected member ${k}`).toBe(
            true,
          );
        }
        for (const [k, v] of Object.entries(live)) {
          if (managedApi.has(k) || DURATION_MEMBERS.has(k)) continue;
          expect(request[k], k).toEqual(v);
        }
        // Managed fields hold the spec's value; null removes.
        const overlay = toApi(spec as Settings);
        for (const f of managed) {
          const v = (spec as Rec)[f.key];
          if (v === null) expect(request).not.toHaveProperty(f.api);
          else expect(request[f.api], f.key).toEqual(overlay[f.api]);
        }
        // Lifetimes: unmanaged ones keep their meaning; when any is managed, all three are sent with units.
        const before = fromApi(live);
        const after = fromApi(request);
        const managedDurations = DURATION_FIELDS.filter((d) => managed.includes(d));
        for (const d of DURATION_FIELDS) {
          if (!managedDurations.includes(d)) {
            expect(durationSeconds(d, after), d.key).toBe(durationSeconds(d, before));
          }
        }
        if (managedDurations.length > 0) {
          const units = request[TOKEN_UNITS_FIELD.api] as Record<string, unknown>;
          for (const d of DURATION_FIELDS) {
            expect(typeof request[d.api], d.api).toBe("number");
            expect(TOKEN_UNITS).toContain(units[TOKEN_UNIT_API[d.kind.token]]);
          }
        } else {
          for (const k of DURATION_MEMBERS) expect(request[k], k).toEqual(live[k]);
        }
      }),
      RUNS,
    );
  });

  it("(e) normalize is idempotent", () => {
    fc.assert(
      fc.property(settingsArb(true), (s) => {
        const once = normalize(s, FIELDS);
        expect(normalize(denormalize(once), FIELDS)).toEqual(once);
      }),
      RUNS,
    );
  });

  it("(e) normalize ignores the order and duplicates of every set", () => {
    fc.assert(
      fc.property(
        liveSettingsArb.chain((s) => shuffleSetsArb(s).map((t) => [s, t] as const)),
        ([s, t]) => {
          expect(normalize(t, FIELDS)).toEqual(normalize(s, FIELDS));
          for (const f of FIELDS) {
            if (f.kind.type !== "set") continue;
            const n = normalizeField(f, s) as unknown[];
            expect(new Set(n).size).toBe(n.length);
            expect([...n].sort()).toEqual(n);
          }
        },
      ),
      RUNS,
    );
  });

  it("(e) a lifetime means the same in every exact unit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DURATION_FIELDS),
        fc.integer({ min: 1, max: 315_360_000 }),
        (d, seconds) => {
          const canon = canonicalDuration(seconds);
          expect(canon.value * UNIT_SECONDS[canon.unit]).toBe(seconds);
          // The largest exact unit: no larger unit divides the duration.
          for (const u of TOKEN_UNITS) {
            if (UNIT_SECONDS[u] > UNIT_SECONDS[canon.unit])
              expect(Number.isInteger(seconds / UNIT_SECONDS[u])).toBe(false);
          }
          const token = d.kind.token;
          const forms = exactForms(seconds, token).filter((f) => f.value !== 0);
          for (const form of forms) {
            const s = {
              [d.key]: form.value,
              ...(form.unit ? { tokenValidityUnits: { [token]: form.unit } } : {}),
            } as Settings;
            expect(normalizeField(d, s)).toEqual(canon);
          }
        },
      ),
      RUNS,
    );
  });
});
