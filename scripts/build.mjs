#!/usr/bin/env node
// Builds the CLI and library (lib/, published, not committed) with its type declarations, the Action
// bundle (dist/, committed), and the JSON Schema file (schemas/, committed) from src/.
// `node scripts/build.mjs [cli|types|action|schema|demo|bench]...` (no target: all but demo and bench)
// The schema validator is generated here (Ajv's standalone code) and bundled in place of
// src/specfile/schema-validator.ts, so no run compiles the schema or loads Ajv.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import standaloneCode from "ajv/dist/standalone/index.js";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * Where `npm run demo` and `npm run bench` are built, and modules of src/ bundled to be imported
 * here: beside the packages they import (cognito-local, the test emulators), never in lib/, which
 * is published.
 */
export const SCRIPTS_DIR = join(root, "node_modules", ".cache", "cognito-gitops");
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
  // ES module builds where packages have them: esbuild can then leave out what is never called.
  mainFields: ["module", "main"],
};

/** Bundles a module of src/ and imports it (its packages from node_modules). */
async function importSource(entry) {
  const out = await esbuild.build({
    ...common,
    banner: {},
    entryPoints: [entry],
    write: false,
    packages: "external",
  });
  await mkdir(SCRIPTS_DIR, { recursive: true });
  const file = join(SCRIPTS_DIR, `${entry.replaceAll("/", "_")}-${process.pid}-${Date.now()}.mjs`);
  await writeFile(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(file, { force: true });
  }
}

/** Ajv's generated code counts string lengths with a helper it requires; this is the same count. */
const UCS2_LENGTH = 'require("ajv/dist/runtime/ucs2length").default';

/**
 * The module that stands in for src/specfile/schema-validator.ts: the validator as code Ajv
 * generated from the field table's schema, with the options the sources use, importing nothing.
 */
export async function validatorSource() {
  const mod = await importSource("src/specfile/schema-validator.ts");
  const ajv = mod.newAjv({ source: true, esm: true });
  const validate = ajv.compile(mod.buildSchema());
  // Code points, as ucs2length counts them (a lone surrogate counts one, like a pair).
  const code = standaloneCode(ajv, validate).replaceAll(UCS2_LENGTH, "((s) => [...s].length)");
  if (/\brequire\(/.test(code)) throw new Error("Ajv's standalone code requires a module: bundle it");
  return `${code}\nexport function schemaValidator() { return validate; }\n`;
}

/** The generated validator, once per run of this script: the three bundles that need it share it. */
let generatedSource;

/** Puts the generated validator in place of src/specfile/schema-validator.ts. */
function generatedValidator() {
  return {
    name: "generated-schema-validator",
    setup(build) {
      build.onResolve({ filter: /\/schema-validator\.js$/ }, (args) =>
        args.importer.endsWith(join("specfile", "schema-check.ts"))
          ? { path: "schema-validator.generated.js", namespace: "generated" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "generated" }, async () => {
        generatedSource ??= await validatorSource();
        return { contents: generatedSource, loader: "js" };
      });
    },
  };
}

/** The CLI's commands: src/cli/<name>.ts, each bundled on its own as lib/cli/<name>.cjs. */
const COMMANDS = ["validate", "plan", "drift", "apply", "export"];

/** In the CLI's entry, `import("./<command>.js")` loads that command's own bundle. */
function commandBundles() {
  const pattern = new RegExp(`^\\./(${COMMANDS.join("|")})\\.js$`);
  return {
    name: "command-bundles",
    setup(build) {
      build.onResolve({ filter: pattern }, (args) =>
        args.importer.endsWith(join("cli", "commands.ts"))
          ? { path: `./cli/${args.path.slice(2, -3)}.cjs`, external: true }
          : undefined,
      );
    },
  };
}

/**
 * The CLI (lib/cli.cjs, lib/cli/) and the library (lib/index.js, lib/chunks/). The CLI is
 * CommonJS: Node starts it faster than an ES module, and --help or --version load only its small
 * entry; a command loads its own bundle (the AWS SDK only in the commands that call AWS).
 */
export async function buildCli(outdir = join(root, "lib")) {
  // lib/commands/ and the rest hold the library's type declarations (buildTypes): leave them.
  for (const old of ["chunks", "cli", "cli.js"])
    await rm(join(outdir, old), { recursive: true, force: true });
  const cjs = {
    ...common,
    format: "cjs",
    banner: {},
  };
  await esbuild.build({
    ...cjs,
    // import() of a command becomes require(): Node's ES module loader is not even started.
    supported: { "dynamic-import": false },
    plugins: [commandBundles()],
    entryPoints: { cli: "src/cli.ts" },
    outdir,
    outExtension: { ".js": ".cjs" },
  });
  await esbuild.build({
    ...cjs,
    plugins: [generatedValidator()],
    // Smaller to parse at every start; lib/ is built, not read (the library and dist/ are not minified).
    minify: true,
    entryPoints: Object.fromEntries(COMMANDS.map((c) => [c, `src/cli/${c}.ts`])),
    outdir: join(outdir, "cli"),
    outExtension: { ".js": ".cjs" },
  });
  await esbuild.build({
    ...common,
    plugins: [generatedValidator()],
    entryPoints: { index: "src/index.ts" },
    outdir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
  });
  return join(outdir, "cli.cjs");
}

/** lib/*.d.ts and below: the library's type declarations, beside lib/index.js (tsconfig.types.json). */
export function buildTypes() {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.types.json")], { stdio: "inherit" });
  return join(root, "lib/index.d.ts");
}

/** A script of scripts/ bundled on its own; it finds the repository (examples/, lib/cli.cjs) as `root`. */
async function buildScript(name, outfile) {
  await esbuild.build({
    ...common,
    define: { ...common.define, COGNITO_GITOPS_ROOT: JSON.stringify(root) },
    entryPoints: [`scripts/${name}.ts`],
    outfile,
    packages: "external",
  });
  return outfile;
}

/** `npm run demo`. */
export function buildDemo(outfile = join(SCRIPTS_DIR, "demo.js")) {
  return buildScript("demo", outfile);
}

/** `npm run bench`. */
export function buildBench(outfile = join(SCRIPTS_DIR, "bench.js")) {
  return buildScript("bench", outfile);
}

/** dist/index.js: the Action, one file for GitHub's node24 runtime. */
export async function buildAction(outfile = join(root, "dist/index.js")) {
  await esbuild.build({
    ...common,
    plugins: [generatedValidator()],
    entryPoints: ["src/action.ts"],
    outfile,
    target: "node24",
  });
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
  // The whole build (npm run build, prepack) starts from an empty lib/: what it held before, such
  // as the output of an older build, never ships.
  if (all) await rm(join(root, "lib"), { recursive: true, force: true });
  if (all || targets.includes("schema")) console.log(`wrote ${await buildSchemaFile()}`);
  if (all || targets.includes("cli")) console.log(`wrote ${await buildCli()}`);
  if (all || targets.includes("types")) console.log(`wrote ${buildTypes()}`);
  if (targets.includes("demo")) console.log(`wrote ${await buildDemo()}`);
  if (targets.includes("bench")) console.log(`wrote ${await buildBench()}`);
  if ((all && existsSync(join(root, "src/action.ts"))) || targets.includes("action")) {
    console.log(`wrote ${await buildAction()}`);
  }
}
