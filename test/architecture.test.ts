/**
 * The layering and size limits the README promises, checked: the linter refuses an import cycle
 * and an import from the core up to an edge (shown on a scratch tree with the project's own
 * biome.json), and no source file or function outgrows what a newcomer can read.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli.js";

const run = promisify(execFile);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Lints a scratch tree of `files` with the project's lint configuration; returns rule and file per finding. */
async function lintScratch(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "cg-arch-"));
  const config = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8"));
  delete config.$schema;
  writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const biome = join(ROOT, "node_modules/.bin/biome");
  const out = await run(biome, ["lint", "--max-diagnostics=100", "--colors=off", "."], { cwd: dir }).catch(
    (err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? "", stderr: err.stderr ?? "" }),
  );
  const text = `${out.stdout}\n${out.stderr}`;
  return [...text.matchAll(/^(\S+\.ts):\d+:\d+ lint\/(\S+)/gm)].map((m) => `${m[2]} ${m[1]}`).sort();
}

describe("layering, as the linter enforces it", () => {
  it("refuses an import from the core up to an edge, and an import cycle", { timeout: 60_000 }, async () => {
    const findings = await lintScratch({
      "src/commands/plan.ts": "export const planSpecs = 1;\n",
      "src/cli/main.ts": "export const main = 1;\n",
      "src/cognito/aws.ts": 'import { planSpecs } from "../commands/plan.js";\nexport const a = planSpecs;\n',
      "src/plan/up.ts": 'import { planSpecs } from "../commands/plan.js";\nexport const x = planSpecs;\n',
      "src/render/io.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
      "src/model/edge.ts": 'import { main } from "../cli/main.js";\nexport const m = main;\n',
      "src/render/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "src/render/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      "src/net/proxy.ts": 'import { planSpecs } from "../commands/plan.js";\nexport const n = planSpecs;\n',
      "src/render/net.ts": 'import { n } from "../net/proxy.js";\nexport const r2 = n;\n',
    });
    expect(findings).toEqual([
      "style/noRestrictedImports src/cognito/aws.ts",
      "style/noRestrictedImports src/model/edge.ts",
      "style/noRestrictedImports src/net/proxy.ts",
      "style/noRestrictedImports src/plan/up.ts",
      "style/noRestrictedImports src/render/io.ts",
      "style/noRestrictedImports src/render/net.ts",
      "suspicious/noImportCycles src/render/a.ts",
      "suspicious/noImportCycles src/render/b.ts",
    ]);
  });

  it("refuses an import up inside the core, and from apply/ to commands/ or git/", {
    timeout: 60_000,
  }, async () => {
    const findings = await lintScratch({
      "src/commands/plan.ts": "export const planSpecs = 1;\n",
      "src/render/plan-text.ts": "export const renderPlanText = 1;\n",
      "src/plan/model.ts": "export const makePlan = 1;\n",
      "src/specfile/load.ts": "export const loadSpecFile = 1;\n",
      "src/model/up.ts": 'import { makePlan } from "../plan/model.js";\nexport const m = makePlan;\n',
      "src/model/up2.ts":
        'import { loadSpecFile } from "../specfile/load.js";\nexport const m2 = loadSpecFile;\n',
      "src/specfile/up.ts":
        'import { renderPlanText } from "../render/plan-text.js";\nexport const s = renderPlanText;\n',
      "src/specfile/up2.ts": 'import { makePlan } from "../plan/model.js";\nexport const s2 = makePlan;\n',
      "src/plan/up.ts":
        'import { renderPlanText } from "../render/plan-text.js";\nexport const p = renderPlanText;\n',
      "src/apply/up.ts": 'import { planSpecs } from "../commands/plan.js";\nexport const a = planSpecs;\n',
      "src/git/run.ts": "export const runGit = 1;\n",
      "src/apply/git.ts": 'import { runGit } from "../git/run.js";\nexport const g = runGit;\n',
      // model/ still may not reach an edge or do I/O (the stricter list replaces none of that).
      "src/model/io.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
    });
    expect(findings).toEqual([
      "style/noRestrictedImports src/apply/git.ts",
      "style/noRestrictedImports src/apply/up.ts",
      "style/noRestrictedImports src/model/io.ts",
      "style/noRestrictedImports src/model/up.ts",
      "style/noRestrictedImports src/model/up2.ts",
      "style/noRestrictedImports src/plan/up.ts",
      "style/noRestrictedImports src/specfile/up.ts",
      "style/noRestrictedImports src/specfile/up2.ts",
    ]);
  });

  it("lets imports point down", { timeout: 60_000 }, async () => {
    const findings = await lintScratch({
      "src/model/fields.ts": "export const FIELDS = [];\n",
      "src/plan/diff.ts": 'import { FIELDS } from "../model/fields.js";\nexport const d = FIELDS;\n',
      "src/commands/plan.ts": 'import { d } from "../plan/diff.js";\nexport const p = d;\n',
      "src/cli/plan.ts": 'import { p } from "../commands/plan.js";\nexport const c = p;\n',
      "src/net/proxy.ts": "export const P = 1;\n",
      "src/cognito/aws.ts":
        'import { FIELDS } from "../model/fields.js";\nimport { P } from "../net/proxy.js";\nexport const a = [FIELDS, P];\n',
      "src/action/run.ts": 'import { P } from "../net/proxy.js";\nexport const r = P;\n',
      "src/specfile/load.ts": 'import { FIELDS } from "../model/fields.js";\nexport const l = FIELDS;\n',
      "src/render/text.ts":
        'import { d } from "../plan/diff.js";\nimport { l } from "../specfile/load.js";\nexport const t = [d, l];\n',
      "src/apply/execute.ts":
        'import { d } from "../plan/diff.js";\nimport { a } from "../cognito/aws.js";\nexport const e = [d, a];\n',
      "src/commands/apply.ts": 'import { e } from "../apply/execute.js";\nexport const ap = e;\n',
      "src/model/uses-shared.ts": 'import { visible } from "../text.js";\nexport const v = visible;\n',
      "src/text.ts": "export const visible = 1;\n",
    });
    expect(findings).toEqual([]);
  });
});

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;
/** The one table of client fields is long by design: one row per AWS field. */
const LONG_FILES = new Set(["src/model/fields.ts"]);

function lines(text: string): number {
  return text.split("\n").length;
}

/** Functions over the limit, except those that are mostly one switch (a flat table of cases). */
function longFunctions(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const span = (n: ts.Node) =>
    source.getLineAndCharacterOfPosition(n.end).line -
    source.getLineAndCharacterOfPosition(n.getStart()).line +
    1;
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body && span(node) > MAX_FUNCTION_LINES) {
      const body = node.body as ts.Node;
      const switches = ts.isBlock(body) ? body.statements.filter(ts.isSwitchStatement) : [];
      const table = switches.some((s) => span(s) >= span(body) * 0.7);
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      if (!table) out.push(`${relative(ROOT, file)}:${line} (${span(node)} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe("sizes a newcomer can read", () => {
  const files = sourceFiles(join(ROOT, "src"));

  it(`keeps every file in src/ under ${MAX_FILE_LINES} lines, but the field table`, () => {
    const long = files
      .filter((f) => !LONG_FILES.has(relative(ROOT, f)))
      .filter((f) => lines(readFileSync(f, "utf8")) > MAX_FILE_LINES)
      .map((f) => relative(ROOT, f));
    expect(long).toEqual([]);
  });

  it(`keeps every function under ${MAX_FUNCTION_LINES} lines, but flat tables and switches`, () => {
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
