import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AnalyticsConfigurationType,
  ExplicitAuthFlowsType,
  FeatureType,
  OAuthFlowType,
  PreventUserExistenceErrorTypes,
  type RefreshTokenRotationType,
  TimeUnitsType,
  type UpdateUserPoolClientCommandInput,
  UpdateUserPoolClientRequest$,
  type UserPoolClientType,
  UserPoolClientType$,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  FIELD_BY_KEY,
  FIELDS,
  type FieldDef,
  READ_ONLY_API_MEMBERS,
  TOKEN_UNIT_API,
  TOKEN_UNITS,
  TOKEN_UNITS_FIELD,
  UPDATABLE_API_MEMBERS,
} from "../../src/model/fields.js";
import { buildSchema } from "../../src/model/schema.js";
import type { ClientSettings, ClientSpec } from "../../src/model/types.js";

const committed = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../schemas/app-clients.schema.json"), "utf8"),
);

type Props = { properties: Record<string, { description?: string; properties?: Record<string, unknown> }> };

function clientSchema(schema: unknown): Props {
  return (schema as { properties: { clients: { items: Props } } }).properties.clients.items;
}

describe("the JSON Schema", () => {
  it("committed file is exactly what the field table builds (run `npm run build` to refresh it)", () => {
    expect(committed).toEqual(buildSchema());
  });

  it("has a property for every field of the table, and nothing the table lacks", () => {
    const keys = Object.keys(clientSchema(committed).properties).sort();
    const expected = [
      ...FIELDS.map((f) => f.key),
      "clientId",
      "tokenValidityUnits",
      "ignore",
      "acceptRisks",
    ].sort();
    expect(keys).toEqual(expected);
  });

  it("describes every property, nested ones included, for editor hover help", () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (typeof node !== "object" || node === null) return;
      const props = (node as Props).properties;
      if (props) {
        for (const [k, v] of Object.entries(props)) {
          if (!v.description) missing.push(`${path}.${k}`);
          visit(v, `${path}.${k}`);
          for (const branch of (v as { anyOf?: unknown[] }).anyOf ?? []) visit(branch, `${path}.${k}`);
        }
      }
      const items = (node as { items?: unknown }).items;
      if (items) visit(items, `${path}[]`);
    };
    visit(committed, "$");
    expect(missing).toEqual([]);
  });
});

// The SDK's serializer drops any request member its model does not know, and its deserializer any
// answer member: a table row whose `api` is misspelt would never reach AWS, and a member the table
// lacks would be reset by every update. So the table is held to the SDK's own model, both ways:
// by type (tsc runs over test/) and by the SDK's runtime schema (what its serializer walks).
type TableApi = (typeof FIELDS)[number]["api"] | (typeof TOKEN_UNITS_FIELD)["api"];
type MemberApi<A extends string> = Extract<(typeof FIELDS)[number], { api: A }>["kind"] extends {
  members: readonly (infer M)[];
}
  ? M extends { api: infer K }
    ? K
    : never
  : never;

/** The SDK's static structure schema: [id, namespace, name, traits, member names, member schemas]. */
type Struct = readonly [number, string, string, unknown, readonly string[], readonly unknown[], number?];

function memberNames(schema: unknown): string[] {
  return [...(schema as Struct)[4]].sort();
}

function memberSchema(schema: unknown, name: string): unknown {
  const s = schema as Struct;
  const ref = s[5][s[4].indexOf(name)];
  return typeof ref === "function" ? ref() : ref;
}

const sorted = (xs: readonly string[]) => [...xs].sort();
const objectFields = (FIELDS as readonly FieldDef[]).flatMap((f) =>
  f.kind.type === "object" ? [{ key: f.key, api: f.api, members: f.kind.members }] : [],
);

describe("the field table against the AWS SDK's model", () => {
  it("has exactly UpdateUserPoolClient's members, apart from the IDs (types)", () => {
    expectTypeOf<TableApi>().toEqualTypeOf<
      Exclude<keyof UpdateUserPoolClientCommandInput, "UserPoolId" | "ClientId">
    >();
    expectTypeOf<MemberApi<"AnalyticsConfiguration">>().toEqualTypeOf<keyof AnalyticsConfigurationType>();
    expectTypeOf<MemberApi<"RefreshTokenRotation">>().toEqualTypeOf<keyof RefreshTokenRotationType>();
    expectTypeOf<(typeof READ_ONLY_API_MEMBERS)[number]>().toEqualTypeOf<
      Exclude<keyof UserPoolClientType, TableApi>
    >();
  });

  it("has exactly UpdateUserPoolClient's members, apart from the IDs (the SDK's serializer schema)", () => {
    expect((UpdateUserPoolClientRequest$ as Struct)[2]).toBe("UpdateUserPoolClientRequest");
    const request = memberNames(UpdateUserPoolClientRequest$).filter(
      (m) => m !== "UserPoolId" && m !== "ClientId",
    );
    expect(sorted(UPDATABLE_API_MEMBERS)).toEqual(request);
    expect(new Set(UPDATABLE_API_MEMBERS).size).toBe(UPDATABLE_API_MEMBERS.length);
  });

  it("has exactly the members of each object-valued field and of TokenValidityUnits", () => {
    expect(objectFields.map((f) => f.api).sort()).toEqual(["AnalyticsConfiguration", "RefreshTokenRotation"]);
    for (const f of objectFields) {
      expect([f.api, sorted(f.members.map((m) => m.api))]).toEqual([
        f.api,
        memberNames(memberSchema(UpdateUserPoolClientRequest$, f.api)),
      ]);
    }
    expect(sorted(Object.values(TOKEN_UNIT_API))).toEqual(
      memberNames(memberSchema(UpdateUserPoolClientRequest$, TOKEN_UNITS_FIELD.api)),
    );
  });

  it("knows every member Describe returns: updatable or read-only, never both", () => {
    expect(sorted([...UPDATABLE_API_MEMBERS, ...READ_ONLY_API_MEMBERS])).toEqual(
      memberNames(UserPoolClientType$),
    );
    for (const m of READ_ONLY_API_MEMBERS) expect(UPDATABLE_API_MEMBERS).not.toContain(m);
  });

  it("allows exactly the values of the SDK's enums", () => {
    const values = (key: string): string[] => {
      const kind = FIELD_BY_KEY.get(key)?.kind;
      const scalar = kind?.type === "set" ? kind.item : kind;
      return scalar?.type === "enum" ? sorted(scalar.values) : [];
    };
    const rotation = objectFields.find((f) => f.key === "refreshTokenRotation")?.members[0]?.kind;
    expect(values("explicitAuthFlows")).toEqual(sorted(Object.values(ExplicitAuthFlowsType)));
    expect(values("allowedOAuthFlows")).toEqual(sorted(Object.values(OAuthFlowType)));
    expect(values("preventUserExistenceErrors")).toEqual(
      sorted(Object.values(PreventUserExistenceErrorTypes)),
    );
    expect(rotation?.type === "enum" ? sorted(rotation.values) : []).toEqual(
      sorted(Object.values(FeatureType)),
    );
    expect(sorted(TOKEN_UNITS)).toEqual(sorted(Object.values(TimeUnitsType)));
  });
});

describe("the TypeScript spec type", () => {
  it("has exactly the table's keys", () => {
    expectTypeOf<keyof ClientSettings>().toEqualTypeOf<(typeof FIELDS)[number]["key"]>();
    expectTypeOf<keyof ClientSpec>().toEqualTypeOf<
      (typeof FIELDS)[number]["key"] | "clientId" | "tokenValidityUnits" | "ignore" | "acceptRisks"
    >();
  });

  it("types values from their kind", () => {
    expectTypeOf<ClientSettings["callbackURLs"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<ClientSettings["allowedOAuthFlows"]>().toEqualTypeOf<
      ("code" | "implicit" | "client_credentials")[] | undefined
    >();
    expectTypeOf<ClientSettings["accessTokenValidity"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ClientSettings["defaultRedirectURI"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<NonNullable<ClientSettings["refreshTokenRotation"]>["feature"]>().toEqualTypeOf<
      "ENABLED" | "DISABLED"
    >();
  });
});
