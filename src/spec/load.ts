/** Turns spec file bytes into checked specs: YAML, JSON Schema, then AWS's rules. Pure. */
import { DURATION_FIELDS } from "../model/fields.js";
import type { ClientSpec, SpecDocument } from "../model/types.js";
import { type Diagnostic, diagnostic, pointerToPath } from "./diagnostics.js";
import { checkSpecRules } from "./rules.js";
import { checkSchema } from "./schema-check.js";
import { parseYaml } from "./yaml.js";

/** One client of a spec file, with where it is written. */
export type SpecClient = {
  userPoolId: string;
  region: string | undefined;
  spec: ClientSpec;
  source: { file: string; line: number; column: number; index: number };
};

export type SpecFile = {
  file: string;
  userPoolId: string;
  region: string | undefined;
  clients: SpecClient[];
};

export type LoadResult = { file: string; spec: SpecFile | undefined; diagnostics: Diagnostic[] };

/** Checks one file. `spec` is set when the file has no error. */
export function loadSpecFile(file: string, bytes: Uint8Array): LoadResult {
  const parsed = parseYaml(file, bytes);
  if (!parsed.ok) return { file, spec: undefined, diagnostics: parsed.errors };
  const { value, positions } = parsed;
  const at = (pointer: string, prefer: "key" | "value", rule: string, message: string): Diagnostic => {
    const { line, column } = positions.locate(pointer, prefer);
    return diagnostic(file, line, column, pointerToPath(pointer), rule, message);
  };

  const problems = checkSchema(value);
  const diagnostics = problems.map((p) => at(p.pointer, p.at, p.rule, p.message));
  const doc = value as Partial<SpecDocument> | null;
  const clients = Array.isArray(doc?.clients) ? doc.clients : [];
  clients.forEach((client, i) => {
    if (typeof client !== "object" || client === null || Array.isArray(client)) return;
    // AWS's rules run on the fields that passed the schema, so one file's errors all show at once.
    const prefix = `/clients/${i}/`;
    const broken = new Set(
      problems
        .filter((p) => p.pointer.startsWith(prefix))
        .map((p) => p.pointer.slice(prefix.length).split("/")[0]),
    );
    // A broken unit would make every lifetime read in the wrong unit.
    if (broken.has("tokenValidityUnits")) for (const d of DURATION_FIELDS) broken.add(d.key);
    const sound = Object.fromEntries(Object.entries(client).filter(([k]) => !broken.has(k))) as ClientSpec;
    for (const v of checkSpecRules(sound, client)) {
      diagnostics.push(at(`/clients/${i}${v.pointer}`, "value", v.rule, v.message));
    }
  });
  if (diagnostics.length > 0) return { file, spec: undefined, diagnostics };

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

function describe(c: SpecClient): string {
  return `${c.source.file}:${c.source.line}:${c.source.column}`;
}

/** The same client (pool + clientId, or pool + clientName without an ID to tell them apart) named twice. */
export function findDuplicates(specs: readonly SpecFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, SpecClient>();
  const byName = new Map<string, SpecClient[]>();
  for (const file of specs) {
    for (const c of file.clients) {
      const { clientId, clientName } = c.spec;
      if (clientId !== undefined) {
        const key = `${c.userPoolId}\u0000${clientId}`;
        const first = byId.get(key);
        if (first) {
          out.push(
            diagnostic(
              c.source.file,
              c.source.line,
              c.source.column,
              `clients[${c.source.index}]`,
              "duplicate-client",
              `client ${clientId} of pool ${c.userPoolId} is also specified at ${describe(first)}`,
            ),
          );
        } else byId.set(key, c);
      }
      if (clientName !== undefined) {
        const key = `${c.userPoolId}\u0000${clientName}`;
        const seen = byName.get(key) ?? [];
        const clash = seen.find((s) => s.spec.clientId === undefined || clientId === undefined);
        if (clash && !(clientId !== undefined && clash.spec.clientId === clientId)) {
          out.push(
            diagnostic(
              c.source.file,
              c.source.line,
              c.source.column,
              `clients[${c.source.index}]`,
              "duplicate-client",
              `client "${clientName}" of pool ${c.userPoolId} is also specified at ${describe(clash)}; give both a clientId to tell them apart`,
            ),
          );
        }
        seen.push(c);
        byName.set(key, seen);
      }
    }
  }
  return out;
}
