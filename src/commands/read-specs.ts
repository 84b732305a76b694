/** Finds and reads spec files: the file-system edge of validate, plan, drift and apply. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { load } from "js-yaml";
import { GitopsError } from "../errors.js";
import { diagnostic } from "../specfile/diagnostics.js";
import { type LoadResult, loadSpecFile } from "../specfile/load.js";
import { MAX_FILE_BYTES } from "../specfile/yaml.js";

const SPEC_FILE = /\.ya?ml$/i;
const SKIP_DIRS = new Set(["node_modules", ".git"]);

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) await walk(path, out);
    } else if (e.isFile() && SPEC_FILE.test(e.name)) out.push(path);
  }
}

export type FoundFile = {
  file: string;
  /** Named on the command line, rather than found in a folder. */
  named: boolean;
};

/** Files named, and every *.yaml / *.yml below folders named, in a stable order. */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<FoundFile[]> {
  const files: FoundFile[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new GitopsError("PathNotFound", `${p}: no such file or folder`);
    if (info.isDirectory()) {
      const found: string[] = [];
      await walk(abs, found);
      found.sort();
      if (found.length === 0)
        throw new GitopsError("NoSpecFiles", `${p}: no *.yaml or *.yml files in this folder`);
      files.push(...found.map((f) => ({ file: f, named: false })));
    } else files.push({ file: abs, named: true });
  }
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  for (const f of files) {
    const file = relative(cwd, f.file) || f.file;
    if (seen.has(file)) continue;
    seen.add(file);
    out.push({ file, named: f.named });
  }
  return out;
}

/**
 * Plainly not a spec: YAML that loads as a mapping with neither userPoolId nor clients (a GitHub
 * workflow, a Kubernetes manifest). Anything that fails to load is checked, so a broken spec is
 * reported rather than skipped.
 */
function plainlyNotASpec(text: string): boolean {
  if (/^["']?(userPoolId|clients)["']?\s*:/m.test(text)) return false; // cheap: most files are specs
  try {
    const doc = load(text, { maxAliases: 100 });
    return (
      typeof doc === "object" &&
      doc !== null &&
      !Array.isArray(doc) &&
      !("userPoolId" in doc) &&
      !("clients" in doc)
    );
  } catch {
    return false;
  }
}

export type SpecRead = {
  results: LoadResult[];
  /** YAML files found in folders that are not specs. */
  skipped: string[];
};

/**
 * Reads and checks every spec file under `paths`. Files over the size limit are not read; YAML
 * found in folders that is plainly not a spec is skipped (a file named on the command line never is).
 */
export async function readSpecs(paths: readonly string[], cwd: string): Promise<SpecRead> {
  const files = await expandPaths(paths, cwd);
  const skipped: string[] = [];
  const read = await Promise.all(
    files.map(async ({ file, named }): Promise<LoadResult | undefined> => {
      const abs = resolve(cwd, file);
      const size = (await stat(abs)).size;
      if (size > MAX_FILE_BYTES) {
        const message = `file is ${size} bytes; the limit is 1 MiB`;
        return { file, spec: undefined, diagnostics: [diagnostic(file, 1, 1, "", "file-size", message)] };
      }
      const bytes = await readFile(abs);
      if (!named && plainlyNotASpec(bytes.toString("utf8"))) {
        skipped.push(file);
        return undefined;
      }
      return loadSpecFile(file, bytes);
    }),
  );
  return { results: read.filter((r): r is LoadResult => r !== undefined), skipped: skipped.sort() };
}
