/**
 * Table tests for the differ and planner: one JSON fixture per case in test/fixtures/plan/.
 * Each fixture is a spec client (camelCase), a live configuration (PascalCase, as Describe
 * returns the updatable members) and the expected plan entry and update request. The
 * expectations were written from AWS's semantics (design.md facts 1-4, fields.md), not copied
 * from the code's output.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jsonpatch from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { type ApiConfig, fromApi } from "../../src/model/convert.js";
import {
  DURATION_FIELDS,
  FIELD_BY_KEY,
  FIELDS,
  READ_ONLY_API_MEMBERS,
  TOKEN_UNITS_FIELD,
} from "../../src/model/fields.js";
import type { LiveClient } from "../../src/model/live.js";
import { normalize, normalizeField } from "../../src/model/normalize.js";
import { desiredConfig, managedFields } from "../../src/model/request.js";
import type { ClientSpec } from "../../src/model/types.js";
import { diffClient } from "../../src/plan/diff.js";
import type { Action, Change } from "../../src/plan/model.js";
import { matchClient, planClient } from "../../src/plan/planner.js";
import type { DeclaredClient } from "../../src/specfile/load.js";

type Fixture = {
  name: string;
  note?: string;
  spec: ClientSpec;
  live: ApiConfig;
  liveExtras?: { hasSecret?: boolean; unknownMembers?: string[] };
  expect: {
    action: Action;
    changedFields: string[];
    /** Exact before/after of each change, in the order of the field table. */
    changes?: Change[];
    errorCode?: string;
    /** The whole UpdateUserPoolClient body (set members compared as sets). */
    request?: ApiConfig;
    /** Members the request must hold with exactly these values. */
    requestIncludes?: ApiConfig;
    /** Members the request must not hold. */
    requestOmits?: string[];
    /** What the request's lifetimes mean (canonical value and unit), whatever unit it says them in. */
    requestLifetimes?: Record<string, { value: number; unit: string }>;
  };
};

const DIR = join(import.meta.dirname, "../fixtures/plan");
const POOL = "us-east-1_TESTPOOL";
const REGION = "us-east-1";
const DEFAULT_CLIENT_ID = "1example23456789client";

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, fixture: JSON.parse(readFileSync(join(DIR, file), "utf8")) as Fixture }));

function specClient(file: string, spec: ClientSpec): DeclaredClient {
  return { userPoolId: POOL, region: REGION, spec, source: { file, line: 1, column: 1, index: 0 } };
}

function liveClient(f: Fixture): LiveClient {
  return {
    userPoolId: POOL,
    clientId: f.spec.clientId ?? DEFAULT_CLIENT_ID,
    clientName: String(f.live.ClientName ?? f.spec.clientName ?? ""),
    config: structuredClone(f.live),
    hasSecret: f.liveExtras?.hasSecret ?? false,
    unknownMembers: f.liveExtras?.unknownMembers ?? [],
  };
}

const SET_MEMBERS = new Set<string>(FIELDS.filter((f) => f.kind.type === "set").map((f) => f.api));
const DURATION_MEMBERS = new Set<string>([...DURATION_FIELDS.map((d) => d.api), TOKEN_UNITS_FIELD.api]);

/** Set members sorted and deduplicated: AWS keeps them as sets, so their order is no part of a request. */
function asSets(config: ApiConfig): ApiConfig {
  const out: ApiConfig = {};
  for (const [k, v] of Object.entries(config)) {
    out[k] = SET_MEMBERS.has(k) && Array.isArray(v) ? [...new Set(v.map(String))].sort() : v;
  }
  return out;
}

describe("differ table (test/fixtures/plan)", () => {
  it("has at least 25 cases, with every action represented", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    const actions = new Set(fixtures.map(({ fixture }) => fixture.expect.action));
    expect([...actions].sort()).toEqual(["error", "no-op", "update"]);
    const names = fixtures.map(({ fixture }) => fixture.name);
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each(fixtures)("$file", ({ file, fixture: f }) => {
    const spec = specClient(file, f.spec);
    const live = liveClient(f);
    const plan = planClient(spec, live, REGION);
    const request = desiredConfig(structuredClone(f.live), f.spec);

    it(`${f.name}: action and changed fields`, () => {
      expect(plan.action).toBe(f.expect.action);
      expect(plan.changes.map((c) => c.field).sort()).toEqual([...f.expect.changedFields].sort());
      if (f.expect.changes) expect(plan.changes).toEqual(f.expect.changes);
      if (plan.action === "error") {
        expect(plan.error.code).toBe(f.expect.errorCode);
        expect(plan.error.message).toBeTruthy();
      } else {
        expect(plan).not.toHaveProperty("error");
      }
      expect(plan.clientId).toBe(live.clientId);
      expect(plan.userPoolId).toBe(POOL);
      expect(plan.region).toBe(REGION);
    });

    it(`${f.name}: the patch turns the live document into the desired one`, () => {
      const diff = diffClient(f.spec, f.live);
      expect(plan.patch).toEqual(diff.patch);
      expect(diff.patch.length === 0).toBe(diff.changes.length === 0);
      const patched = jsonpatch.applyPatch(structuredClone(diff.before), diff.patch, true, false).newDocument;
      expect(patched).toEqual(diff.after);
    });

    it(`${f.name}: the update request`, () => {
      if (f.expect.request) expect(asSets(request)).toEqual(asSets(f.expect.request));
      if (f.expect.requestIncludes) {
        for (const [k, v] of Object.entries(f.expect.requestIncludes)) expect(request[k], k).toEqual(v);
      }
      for (const k of f.expect.requestOmits ?? []) expect(request, k).not.toHaveProperty(k);
      for (const [k, v] of Object.entries(f.expect.requestLifetimes ?? {})) {
        const field = FIELD_BY_KEY.get(k);
        expect(field?.kind.type, k).toBe("duration");
        if (field) expect(normalizeField(field, fromApi(request)), k).toEqual(v);
      }

      // Never a read-only member; every live member the spec does not manage is kept as it is
      // (lifetimes and their units may only be made explicit).
      for (const m of READ_ONLY_API_MEMBERS) expect(request).not.toHaveProperty(m);
      const managed = new Set<string>(managedFields(f.spec).map((m) => m.api));
      for (const [k, v] of Object.entries(f.live)) {
        if (managed.has(k) || DURATION_MEMBERS.has(k)) continue;
        expect(request[k], `${k} is not managed and must be kept`).toEqual(v);
      }
    });

    it(`${f.name}: the request converges, and a no-op means nothing would change`, () => {
      // After the update, AWS holds the request: diffing the spec against it finds nothing.
      expect(diffClient(f.spec, request).changes).toEqual([]);
      if (plan.action === "no-op") {
        expect(normalize(fromApi(request), FIELDS)).toEqual(normalize(fromApi(f.live), FIELDS));
      } else {
        expect(normalize(fromApi(request), FIELDS)).not.toEqual(normalize(fromApi(f.live), FIELDS));
      }
    });

    it(`${f.name}: the spec finds its live client`, () => {
      const match = matchClient(spec, [
        { userPoolId: POOL, clientId: "9other0client", clientName: "someone-else" },
        { userPoolId: POOL, clientId: live.clientId, clientName: live.clientName },
      ]);
      expect(match).toEqual({ clientId: live.clientId });
    });
  });
});
