/** Turns spec file bytes into checked specs: YAML, JSON Schema, then AWS's rules. Pure. */
import { DURATION_FIELDS } from "../model/fields.js";
import type { Severity } from "../model/rules.js";
import { checkSpecRules } from "../model/rules.js";
import type { ClientSpec, SpecDocument } from "../model/types.js";
import { type Diagnostic, diagnostic, pointerKeys, pointerToPath } from "./diagnostics.js";
import { checkSchema, type SchemaProblem } from "./schema-check.js";
import { parseYaml } from "./yaml.js";

/** One client entry of a spec file, with its pool and where it is written. */
export type DeclaredClient = {
  userPoolId: string;
  region: string | undefined;
  spec: ClientSpec;
  source: { file: string; line: number; column: number; index: number };
};

/** `FILE:LINE:COLUMN` of a client entry, for a message that names another place. */
export function placeOf(c: DeclaredClient): string {
  return `${c.source.file}:${c.source.line}:${c.source.column}`;
}

export type SpecFile = {
  file: string;
  userPoolId: string;
  region: string | undefined;
  clients: DeclaredClient[];
};

export type LoadResult = { file: string; spec: SpecFile | undefined; diagnostics: Diagnostic[] };

/**
 * Each client's keys that the schema check found broken, so AWS's rules skip them. Grouped in one
 * pass: a file of thousands of broken clients stays linear.
 */
function brokenKeys(problems: readonly SchemaProblem[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const p of problems) {
    const m = /^\/clients\/(\d+)\/([^/]+)/.exec(p.pointer);
    if (!m) continue;
    const index = Number(m[1]);
    const broken = out.get(index) ?? new Set<string>();
    broken.add(m[2] ?? "");
    // A broken unit would make every lifetime read in the wrong unit.
    if (m[2] === "tokenValidityUnits") for (const d of DURATION_FIELDS) broken.add(d.key);
    out.set(index, broken);
  }
  return out;
}

/** The value at a JSON Pointer, if there is one. */
function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const token of pointerKeys(pointer)) {
    if (typeof v !== "object" || v === null) return undefined;
    v = Object.hasOwn(v, token) ? (v as Record<string, unknown>)[token] : undefined;
  }
  return v;
}

type Finding = { pointer: string; rule: string; message: string };

/** Integers spelt `1e3`, `0x5`, `0o17` or `5.0`: AWS and a reviewer read plain decimal. */
function numberSpellingFindings(doc: unknown, spellings: ReadonlyMap<string, string>, flagged: Set<string>) {
  const out: Finding[] = [];
  for (const [pointer, raw] of spellings) {
    const v = valueAt(doc, pointer);
    if (typeof v !== "number" || !Number.isInteger(v) || flagged.has(pointer)) continue;
    const field = pointer.slice(pointer.lastIndexOf("/") + 1);
    const message = `${field} is written ${raw}; write integers in plain decimal (${v})`;
    out.push({ pointer, rule: "integer-format", message });
  }
  return out;
}

/** A field both set and listed under ignore: which one is meant cannot be told. */
function ignoredButSet(client: Record<string, unknown>, index: number): Finding[] {
  const ignore = Array.isArray(client.ignore) ? client.ignore : [];
  return ignore.flatMap((key, j) =>
    typeof key === "string" && Object.hasOwn(client, key)
      ? [
          {
            pointer: `/clients/${index}/ignore/${j}`,
            rule: "ignored-and-set",
            message: `${key} is both set and ignored; an ignored field is never compared or changed: remove it from ignore, or remove its value`,
          },
        ]
      : [],
  );
}

type Located = Finding & { severity: Severity };

/** Each client's own findings: a field both set and ignored, and AWS's rules on its sound fields. */
function clientFindings(
  clients: readonly unknown[],
  broken: ReadonlyMap<number, Set<string>>,
  flagged: ReadonlySet<string>,
): Located[] {
  const out: Located[] = [];
  clients.forEach((client, i) => {
    if (typeof client !== "object" || client === null || Array.isArray(client)) return;
    const record = client as Record<string, unknown>;
    for (const f of ignoredButSet(record, i)) out.push({ ...f, severity: "error" });
    // AWS's rules run on the fields that passed the schema, so one file's errors all show at once.
    const skip = broken.get(i);
    const sound = (
      skip ? Object.fromEntries(Object.entries(record).filter(([k]) => !skip.has(k))) : record
    ) as ClientSpec;
    for (const v of checkSpecRules(sound, record)) {
      const pointer = `/clients/${i}${v.pointer}`;
      // A value already said to be wrong (spelt 1e3) is not said again by a rule.
      if (!flagged.has(pointer))
        out.push({ pointer, rule: v.rule, message: v.message, severity: v.severity });
    }
  });
  return out;
}

/** Checks one file. `spec` is set when the file has no error (warnings allowed). */
export function loadSpecFile(file: string, bytes: Uint8Array): LoadResult {
  const parsed = parseYaml(file, bytes);
  if (!parsed.ok) return { file, spec: undefined, diagnostics: parsed.errors };
  const { value, positions } = parsed;
  const at = (
    pointer: string,
    prefer: "key" | "value",
    rule: string,
    message: string,
    severity: Severity = "error",
  ): Diagnostic => {
    const { line, column } = positions.locate(pointer, prefer);
    return diagnostic(file, line, column, pointerToPath(pointer), rule, message, severity);
  };

  const problems = checkSchema(value);
  const diagnostics = problems.map((p) => at(p.pointer, p.at, p.rule, p.message));
  const flagged = new Set(problems.map((p) => p.pointer));
  for (const f of numberSpellingFindings(value, parsed.numberSpellings, flagged)) {
    flagged.add(f.pointer);
    diagnostics.push(at(f.pointer, "value", f.rule, f.message));
  }
  const doc = value as Partial<SpecDocument> | null;
  const clients = Array.isArray(doc?.clients) ? doc.clients : [];
  diagnostics.push(
    ...clientFindings(clients, brokenKeys(problems), flagged).map((f) =>
      at(f.pointer, "value", f.rule, f.message, f.severity),
    ),
  );
  // Warnings leave the file valid.
  if (diagnostics.some((d) => d.severity === "error")) return { file, spec: undefined, diagnostics };

  const spec = doc as SpecDocument;
  return {
    file,
    diagnostics,
    spec: {
      file,
      userPoolId: spec.userPoolId,
      region: spec.region,
      clients: spec.clients.map((c, index) => {
        const { line, column } = positions.locate(`/clients/${index}`);
        return {
          userPoolId: spec.userPoolId,
          region: spec.region,
          spec: c,
          source: { file, line, column, index },
        };
      }),
    },
  };
}

/**
 * A spec file's document read loosely: YAML only (merge keys resolved), no schema and no rules.
 * For versions written under older rules (drift causes, --changed-since); undefined when it is not
 * even a mapping with a list of clients.
 */
export type LooseSpec = { userPoolId: unknown; region: unknown; clients: Record<string, unknown>[] };

export function looseSpec(file: string, bytes: Uint8Array): LooseSpec | undefined {
  const parsed = parseYaml(file, bytes);
  if (!parsed.ok) return undefined;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const d = parsed.value;
  if (!isRecord(d) || !Array.isArray(d.clients)) return undefined;
  return { userPoolId: d.userPoolId, region: d.region, clients: d.clients.filter(isRecord) };
}
