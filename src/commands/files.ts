/** Finds and reads spec files: the file-system edge of validate, plan, drift and apply. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { GitopsError } from "../errors.js";
import { diagnostic } from "../spec/diagnostics.js";
import { type LoadResult, loadSpecFile } from "../spec/load.js";
import { MAX_FILE_BYTES } from "../spec/yaml.js";

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

/** Files named, and every *.yaml / *.yml below folders named, in a stable order. */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
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
      files.push(...found);
    } else files.push(abs);
  }
  const display = files.map((f) => relative(cwd, f) || f);
  return [...new Set(display)];
}

/** Reads and checks every spec file under `paths`; files over the size limit are not read. */
export async function readSpecs(paths: readonly string[], cwd: string): Promise<LoadResult[]> {
  const files = await expandPaths(paths, cwd);
  return Promise.all(
    files.map(async (file): Promise<LoadResult> => {
      const abs = resolve(cwd, file);
      const size = (await stat(abs)).size;
      if (size > MAX_FILE_BYTES) {
        const message = `file is ${size} bytes; the limit is 1 MiB`;
        return { file, spec: undefined, diagnostics: [diagnostic(file, 1, 1, "", "file-size", message)] };
      }
      return loadSpecFile(file, await readFile(abs));
    }),
  );
}
