/** Checks a parsed spec against the JSON Schema and turns ajv's errors into pointed diagnostics. */

import type { ErrorObject } from "ajv/dist/2020.js";
import { asciiOnly, firstHidden, plural, visible } from "../text.js";
import { pointerToken } from "./diagnostics.js";
import { schemaValidator } from "./schema-validator.js";
import { closest } from "./suggest.js";

export type SchemaProblem = {
  pointer: string;
  at: "key" | "value";
  rule: string;
  message: string;
  /** The key an unknown key was probably meant to be, or the key a `required` problem misses. */
  key?: string;
};

const CHARACTER_NAMES: Record<string, string> = {
  "\n": "a newline",
  "\r": "a carriage return",
  "\t": "a tab",
  "\u001b": "an escape character",
  "\u0000": "a NUL character",
  "\u0007": "a bell character",
};

/** `a newline (\u{a})`, `an invisible character (\u{200b})`. */
function characterName(c: string): string {
  return `${CHARACTER_NAMES[c] ?? (/\p{Cc}/u.test(c) ? "a control character" : "an invisible character")} (${visible(c)})`;
}

function show(value: unknown): string {
  const text = visible(typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value)));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "an integer",
  boolean: "true or false",
  number: "a number",
};

/** The name a user knows a value by: `callbackURLs[1]`, `clientName`, or "the file". */
function fieldName(pointer: string): string {
  const parts = pointer.split("/");
  const last = parts[parts.length - 1] ?? "";
  if (!/^\d+$/.test(last)) return last || "the file";
  const parent = parts[parts.length - 2] ?? "";
  return /^\d+$/.test(parent) || parent === "" ? `entry ${last}` : `${parent}[${last}]`;
}

function translate(e: ErrorObject): SchemaProblem | undefined {
  const p = e.instancePath;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      if (key === "<<") {
        return {
          pointer: `${p}/<<`,
          at: "key",
          rule: "unknown-key",
          message: 'a quoted "<<" is a plain key, not a merge key: write <<: *anchor without quotes',
        };
      }
      const hint = closest(key, allowed);
      return {
        pointer: `${p}/${pointerToken(key)}`,
        at: "key",
        rule: "unknown-key",
        // Beside its suggestion, a look-alike ("cаllbackURLs", Cyrillic а) shows what differs.
        message: `unknown key "${hint ? asciiOnly(key) : visible(key)}"${hint ? `; did you mean "${hint}"?` : ""}`,
        ...(hint ? { key: hint } : {}),
      };
    }
    case "required":
      // The client's "clientName or clientId" choice is reported once, by its anyOf.
      if (/\/items\/anyOf\/\d+\/required$/.test(e.schemaPath)) return undefined;
      return {
        pointer: p,
        at: "value",
        rule: "required",
        message: `missing required key "${String(params.missingProperty)}"`,
        key: String(params.missingProperty),
      };
    case "anyOf":
      if (e.schemaPath.endsWith("/items/anyOf")) {
        return {
          pointer: p,
          at: "value",
          rule: "client-identity",
          message: "a client needs clientName or clientId",
        };
      }
      return undefined;
    case "type": {
      if (params.type === "null") return undefined;
      const want = String(params.type)
        .split(",")
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(" or ");
      return {
        pointer: p,
        at: "value",
        rule: "type",
        message: `${fieldName(p)} must be ${want}, not ${typeName(e.data)}`,
      };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof e.data === "string" ? closest(e.data, allowed) : undefined;
      return {
        pointer: p,
        at: "value",
        rule: "enum",
        message: `${hint ? asciiOnly(show(e.data)) : show(e.data)} is not allowed for ${fieldName(p)}${hint ? `; did you mean "${hint}"?` : ""} (allowed: ${allowed.join(", ")})`,
      };
    }
    case "pattern": {
      const hidden = typeof e.data === "string" ? firstHidden(e.data) : undefined;
      if (hidden) {
        return {
          pointer: p,
          at: "value",
          rule: "hidden-character",
          message: `${fieldName(p)} ${show(e.data)} has ${characterName(hidden.char)} at character ${hidden.index + 1}; AWS refuses control and invisible characters`,
        };
      }
      const help = (e.parentSchema as { "x-pattern-help"?: string })["x-pattern-help"];
      return {
        pointer: p,
        at: "value",
        rule: "pattern",
        message: help
          ? `${fieldName(p)} ${show(e.data)} ${help}`
          : `${fieldName(p)} ${show(e.data)} does not match the pattern AWS requires: ${String(params.pattern)}`,
      };
    }
    case "minimum":
    case "maximum":
      return {
        pointer: p,
        at: "value",
        rule: "range",
        message: `${fieldName(p)} ${show(e.data)} must be ${e.keyword === "minimum" ? "at least" : "at most"} ${String(params.limit)}`,
      };
    case "minLength":
    case "maxLength":
      return {
        pointer: p,
        at: "value",
        rule: "length",
        message: `${fieldName(p)} must be ${e.keyword === "minLength" ? "at least" : "at most"} ${String(params.limit)} characters long`,
      };
    case "minItems":
    case "maxItems":
      return {
        pointer: p,
        at: "value",
        rule: "list-size",
        message: `${fieldName(p)} must have ${e.keyword === "minItems" ? "at least" : "at most"} ${plural(Number(params.limit), "entry", "entries")}, not ${(e.data as unknown[]).length}`,
      };
    case "uniqueItems": {
      const repeat = Math.max(Number(params.i), Number(params.j)); // point at the second occurrence
      return {
        pointer: `${p}/${repeat}`,
        at: "value",
        rule: "duplicate-entry",
        message: `${fieldName(p)} lists ${show((e.data as unknown[])[repeat])} twice`,
      };
    }
    default:
      return {
        pointer: p,
        at: "value",
        rule: `schema.${e.keyword}`,
        message: `${fieldName(p)} ${e.message ?? "is invalid"}`,
      };
  }
}

function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf("/"));
}

/** Every schema problem of a parsed spec document, deduplicated. */
export function checkSchema(document: unknown): SchemaProblem[] {
  const validate = schemaValidator();
  if (validate(document)) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) {
    const problem = translate(e);
    if (!problem) continue;
    const id = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  // A key missing because it is misspelt is said once, by the unknown key's "did you mean".
  const meant = new Set(
    out.filter((p) => p.rule === "unknown-key" && p.key).map((p) => `${parentOf(p.pointer)}\u0000${p.key}`),
  );
  return onePerValue(out.filter((p) => p.rule !== "required" || !meant.has(`${p.pointer}\u0000${p.key}`)));
}

/** What is wrong with one value, most telling first: a value is told one thing ("x" is not an ARN), not two. */
const VALUE_RULES = ["type", "hidden-character", "enum", "pattern", "length", "range"];

function onePerValue(problems: SchemaProblem[]): SchemaProblem[] {
  const best = new Map<string, SchemaProblem>();
  const rank = (p: SchemaProblem) => VALUE_RULES.indexOf(p.rule);
  for (const p of problems) {
    if (rank(p) < 0) continue;
    const held = best.get(p.pointer);
    if (!held || rank(p) < rank(held)) best.set(p.pointer, p);
  }
  return problems.filter((p) => rank(p) < 0 || best.get(p.pointer) === p);
}
