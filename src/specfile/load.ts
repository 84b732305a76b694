/** Turns spec file bytes into checked specs: YAML, JSON Schema, then AWS's rules. Pure. */
import { DURATION_FIELDS } from "../model/fields.js";
import { checkSpecRules } from "../model/rules.js";
import type { ClientSpec, SpecDocument } from "../model/types.js";
import { type Diagnostic, diagnostic, pointerToPath, type Severity } from "./diagnostics.js";
import { checkSchema, type SchemaProblem } from "./schema-check.js";
import { parseYaml } from "./yaml.js";

/** One client entry of a spec file, with its pool and where it is written. */
export type DeclaredClient = {
  userPoolId: string;
  region: string | undefined;
  spec: ClientSpec;
  source: { file: string; line: number; column: number; index: number };
};

export type SpecFile = {
  file: string;
  userPoolId: string;
  region: string | undefined;
  clients: DeclaredClient[];
};

export type LoadResult = { file: string; spec: SpecFile | undefined; diagnostics: Diagnostic[] };

/** The client's keys that the schema check found broken, so AWS's rules skip them. */
function brokenKeys(problems: readonly SchemaProblem[], index: number): Set<string> {
  const prefix = `/clients/${index}/`;
  const broken = new Set(
    problems
      .filter((p) => p.pointer.startsWith(prefix))
      .map((p) => p.pointer.slice(prefix.length).split("/")[0]),
  );
  // A broken unit would make every lifetime read in the wrong unit.
  if (broken.has("tokenValidityUnits")) for (const d of DURATION_FIELDS) broken.add(d.key);
  return broken as Set<string>;
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
  const doc = value as Partial<SpecDocument> | null;
  const clients = Array.isArray(doc?.clients) ? doc.clients : [];
  clients.forEach((client, i) => {
    if (typeof client !== "object" || client === null || Array.isArray(client)) return;
    // AWS's rules run on the fields that passed the schema, so one file's errors all show at once.
    const broken = brokenKeys(problems, i);
    const sound = Object.fromEntries(Object.entries(client).filter(([k]) => !broken.has(k))) as ClientSpec;
    for (const v of checkSpecRules(sound, client)) {
      diagnostics.push(at(`/clients/${i}${v.pointer}`, "value", v.rule, v.message, v.severity));
    }
  });
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
