/**
 * The CLI and the Action check specs with code Ajv generated at build time; tests run the schema
 * compiled from source. Both must answer alike on every document: the broken corpus, the
 * examples, and each broken document's clients one by one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM build script without types
import { validatorSource } from "../../scripts/build.mjs";
import { schemaValidator } from "../../src/specfile/schema-validator.js";

type Validate = ((doc: unknown) => boolean) & { errors?: unknown[] | null };
let generated: Validate;

beforeAll(async () => {
  const source: string = await validatorSource();
  const mod = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
  generated = mod.schemaValidator();
});

function documents(): { name: string; doc: unknown }[] {
  const out: { name: string; doc: unknown }[] = [];
  for (const dir of ["test/fixtures/broken", "examples"]) {
    const abs = join(import.meta.dirname, "../..", dir);
    for (const name of readdirSync(abs).filter((f) => /\.ya?ml$/.test(f))) {
      try {
        const doc = load(readFileSync(join(abs, name), "utf8"));
        out.push({ name: `${dir}/${name}`, doc });
        const clients = (doc as { clients?: unknown })?.clients;
        if (Array.isArray(clients))
          out.push({
            name: `${dir}/${name} (one client)`,
            doc: { ...(doc as object), clients: clients.slice(0, 1) },
          });
      } catch {
        // not YAML: the YAML checks' business, not the schema's
      }
    }
  }
  return out;
}

describe("the generated schema validator", () => {
  it("is code with no import, not Ajv compiling at start", async () => {
    const source: string = await validatorSource();
    expect(source).not.toMatch(/\bimport\b|\brequire\(/);
    expect(source).toContain("export function schemaValidator");
  });

  it("answers every document as the schema compiled from source does, errors included", () => {
    const docs = documents();
    expect(docs.length).toBeGreaterThan(80);
    const runtime = schemaValidator();
    let failing = 0;
    for (const { name, doc } of docs) {
      const valid = runtime(doc);
      expect(generated(doc), name).toBe(valid);
      expect(generated.errors ?? null, name).toEqual(runtime.errors ?? null);
      if (!valid) failing++;
    }
    expect(failing).toBeGreaterThan(40);
  });
});
