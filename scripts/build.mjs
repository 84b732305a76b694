#!/usr/bin/env node
// Builds the CLI and library (lib/, not committed) with its type declarations, the Action bundle
// (dist/, committed), and the JSON Schema file (schemas/, committed) from src/.
// `node scripts/build.mjs [cli|types|action|schema|demo|bench]...` (no target: all but demo and bench)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Some bundled CommonJS dependencies call require() for Node built-ins.
const banner = {
  js: "import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);",
};
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner,
  legalComments: "none",
  define: { COGNITO_GITOPS_VERSION: JSON.stringify(version) },
  logLevel: "warning",
};

/** lib/cli.js and lib/index.js; the AWS SDK sits in its own chunk, loaded only by commands that call AWS. */
export async function buildCli(outdir = join(root, "lib")) {
  await esbuild.build({
    ...common,
    entryPoints: { cli: "src/cli.ts", index: "src/index.ts" },
    outdir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
  });
  return join(outdir, "cli.js");
}

/** lib/*.d.ts and below: the library's type declarations, beside lib/index.js (tsconfig.types.json). */
export function buildTypes() {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.types.json")], { stdio: "inherit" });
  return join(root, "lib/index.d.ts");
}

/** lib/demo.js: `npm run demo`. */
export async function buildDemo(outfile = join(root, "lib/demo.js")) {
  await esbuild.build({ ...common, entryPoints: ["scripts/demo.ts"], outfile, packages: "external" });
  return outfile;
}

/** lib/bench.js: `npm run bench`. */
export async function buildBench(outfile = join(root, "lib/bench.js")) {
  await esbuild.build({ ...common, entryPoints: ["scripts/bench.ts"], outfile, packages: "external" });
  return outfile;
}

/** dist/index.js: the Action, one file for GitHub's node24 runtime. */
export async function buildAction(outfile = join(root, "dist/index.js")) {
  await esbuild.build({ ...common, entryPoints: ["src/action.ts"], outfile, target: "node24" });
  return outfile;
}

/** The JSON Schema text, built from the field table. */
export async function schemaText() {
  const out = await esbuild.build({
    ...common,
    banner: {},
    entryPoints: ["src/model/schema.ts"],
    write: false,
  });
  const code = out.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  return `${JSON.stringify(mod.buildSchema(), null, 2)}\n`;
}

export async function buildSchemaFile(file = join(root, "schemas/app-clients.schema.json")) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await schemaText());
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  const all = targets.length === 0;
  if (all || targets.includes("schema")) console.log(`wrote ${await buildSchemaFile()}`);
  if (all || targets.includes("cli")) console.log(`wrote ${await buildCli()}`);
  if (all || targets.includes("types")) console.log(`wrote ${buildTypes()}`);
  if (targets.includes("demo")) console.log(`wrote ${await buildDemo()}`);
  if (targets.includes("bench")) console.log(`wrote ${await buildBench()}`);
  if (
    (all && (await import("node:fs")).existsSync(join(root, "src/action.ts"))) ||
    targets.includes("action")
  ) {
    console.log(`wrote ${await buildAction()}`);
  }
}
