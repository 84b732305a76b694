/**
 * The JSON Schema check, compiled. Run from source (tests), the schema is compiled once here. The
 * build (scripts/build.mjs) puts in this module's place the code Ajv generates ahead of time from
 * the same schema and options (`newAjv`), so the CLI and the Action never load Ajv or compile at start.
 */
import { Ajv2020, type CodeOptions, type ValidateFunction } from "ajv/dist/2020.js";
import { buildSchema } from "../model/schema.js";

/** The Ajv instance every spec check uses; `code` asks it for standalone source (the build). */
export function newAjv(code?: CodeOptions): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    ...(code ? { code } : {}),
  });
  ajv.addKeyword({ keyword: "x-pattern-help", schemaType: "string" });
  return ajv;
}

export { buildSchema };

let compiled: ValidateFunction | undefined;

/** The validator of spec documents (errors in `.errors` after a failed call). */
export function schemaValidator(): ValidateFunction {
  compiled ??= newAjv().compile(buildSchema());
  return compiled;
}
