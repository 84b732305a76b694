import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { FIELDS, READ_ONLY_API_MEMBERS, UPDATABLE_API_MEMBERS } from "../../src/model/fields.js";
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

  it("knows every UpdateUserPoolClient member apart from the read-only ones", () => {
    expect(new Set(UPDATABLE_API_MEMBERS).size).toBe(UPDATABLE_API_MEMBERS.length);
    for (const m of READ_ONLY_API_MEMBERS) expect(UPDATABLE_API_MEMBERS).not.toContain(m);
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
