/** Finds and reads spec files: the file-system edge of validate, plan, drift and apply. */
import type { Dirent } from "node:fs";
import { open, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { mapLimit } from "../concurrency.js";
import { GitopsError } from "../errors.js";
import { type Diagnostic, diagnostic } from "../specfile/diagnostics.js";
import { type LoadResult, loadSpecFile } from "../specfile/load.js";
import { headPlainlyNotASpec, plainlyNotASpec } from "../specfile/sniff.js";
import { MAX_FILE_BYTES, tooLarge } from "../specfile/yaml.js";
import { plural } from "../text.js";

/** The names of spec files: *.yaml and *.yml. */
export const SPEC_FILE = /\.ya?ml$/i;
const SKIP_DIRS = new Set(["node_modules", ".git"]);
/** Files open at once: far below any open-file limit (Linux's default is 1024). */
const OPEN_AT_ONCE = 32;
/** How much of a file over the size limit is read to tell whether it is a spec at all. */
const PEEK_BYTES = 64 * 1024;

const FS_REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "it does not exist (a broken symbolic link?)",
  ELOOP: "a symbolic link loop",
  EISDIR: "it is a folder",
  EMFILE: "too many open files",
  EIO: "an input/output error",
};

/** A file-system error as a per-file diagnostic: the run goes on and reports it with the others. */
function fsProblem(file: string, err: unknown): Diagnostic {
  const code = (err as { code?: unknown })?.code;
  const reason = typeof code === "string" ? (FS_REASONS[code] ?? code) : String(err);
  const what = typeof code === "string" && FS_REASONS[code] ? `${reason} (${code})` : reason;
  return diagnostic(file, 1, 1, "", "read-error", `cannot read: ${what}`);
}

type Walk = {
  files: string[];
  problems: Diagnostic[];
  seenDirs: Set<string>;
  /** Folders reached again (by a link, or named twice) and not walked again. */
  again: number;
  cwd: string;
};

/** Every *.yaml / *.yml below `dir`, following symbolic links; a folder is walked once (no loops). */
async function walk(dir: string, w: Walk): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  if (w.seenDirs.has(real)) {
    w.again++;
    return;
  }
  w.seenDirs.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    w.problems.push(fsProblem(relative(w.cwd, dir) || dir, err));
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const target = await stat(path).catch((err: unknown) => err as Error);
      if (target instanceof Error) {
        // A broken link is reported only where a spec would be.
        if (SPEC_FILE.test(e.name)) w.problems.push(fsProblem(relative(w.cwd, path), target));
        continue;
      }
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDir) {
      if (!SKIP_DIRS.has(e.name)) await walk(path, w);
    } else if (isFile && SPEC_FILE.test(e.name)) w.files.push(path);
  }
}

export type FoundFile = {
  file: string;
  /** Named on the command line, rather than found in a folder. */
  named: boolean;
  /** The folder named on the command line it was found in. */
  folder?: string;
};

export type FoundFiles = { files: FoundFile[]; problems: Diagnostic[] };

/**
 * Files named, and every *.yaml / *.yml below folders named (symbolic links followed), in a stable
 * order; a file reached twice (by a link) is read once. Folders that cannot be read are problems.
 */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  const files: FoundFile[] = [];
  const w: Walk = { files: [], problems: [], seenDirs: new Set(), again: 0, cwd };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const info = await stat(abs).catch((err: unknown) => err as Error);
    if (info instanceof Error) {
      if ((info as { code?: unknown }).code === "ENOENT")
        throw new GitopsError("PathNotFound", `${p}: no such file or folder`);
      w.problems.push(fsProblem(p, info));
      continue;
    }
    if (info.isDirectory()) {
      const mark = { files: w.files.length, problems: w.problems.length, again: w.again };
      await walk(abs, w);
      const found = w.files.slice(mark.files).sort();
      const nothing = w.problems.length === mark.problems && w.again === mark.again;
      if (found.length === 0 && nothing)
        throw new GitopsError("NoSpecFiles", `${p}: no *.yaml or *.yml files in this folder`);
      files.push(...found.map((f) => ({ file: f, named: false, folder: p })));
    } else files.push({ file: abs, named: true });
  }
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  for (const f of files) {
    const real = await realpath(f.file).catch(() => f.file);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push({ ...f, file: relative(cwd, f.file) || f.file });
  }
  return { files: out, problems: w.problems };
}

/** The first bytes of a file (for a file too large to read whole). */
async function peek(abs: string): Promise<string> {
  const handle = await open(abs, "r");
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

type Read = LoadResult | { skipped: string };

async function readOne({ file, named }: FoundFile, cwd: string): Promise<Read> {
  const abs = resolve(cwd, file);
  try {
    const size = (await stat(abs)).size;
    if (size > MAX_FILE_BYTES) {
      // A large YAML file beside the specs (a lock file, a dump) is not a spec: look before refusing it.
      if (!named && headPlainlyNotASpec(await peek(abs))) return { skipped: file };
      return { file, spec: undefined, diagnostics: [tooLarge(file, size)] };
    }
    const bytes = await readFile(abs);
    if (!named && plainlyNotASpec(bytes.toString("utf8"))) return { skipped: file };
    return loadSpecFile(file, bytes);
  } catch (err) {
    return { file, spec: undefined, diagnostics: [fsProblem(file, err)] };
  }
}

export type SpecRead = {
  results: LoadResult[];
  /** YAML files found in folders that are not specs. */
  skipped: string[];
};

/**
 * Reads and checks every spec file under `paths`, a few files at a time. Files over the size limit
 * are not read; YAML found in folders that is plainly not a spec is skipped (a file named on the
 * command line never is). A file or folder that cannot be read is a diagnostic of its own.
 */
export async function readSpecs(paths: readonly string[], cwd: string): Promise<SpecRead> {
  const { files, problems } = await expandPaths(paths, cwd);
  const read = await mapLimit(files, OPEN_AT_ONCE, (f) => readOne(f, cwd));
  const results: LoadResult[] = problems.map((d) => ({ file: d.file, spec: undefined, diagnostics: [d] }));
  const skipped: string[] = [];
  for (const r of read) {
    if ("skipped" in r) skipped.push(r.skipped);
    else results.push(r);
  }
  refuseFoldersOfOtherYaml(files, read);
  return { results, skipped: skipped.sort() };
}

/**
 * A folder named whose YAML files were all skipped holds no spec: a wrong path (a workflows
 * folder) would otherwise pass, and a drift check on it would never find anything.
 */
function refuseFoldersOfOtherYaml(files: readonly FoundFile[], read: readonly Read[]): void {
  const counts = new Map<string, { found: number; skipped: number }>();
  files.forEach((f, i) => {
    if (f.folder === undefined) return;
    const c = counts.get(f.folder) ?? { found: 0, skipped: 0 };
    c.found++;
    if (read[i] && "skipped" in (read[i] as Read)) c.skipped++;
    counts.set(f.folder, c);
  });
  for (const [folder, c] of counts) {
    if (c.found > 0 && c.skipped === c.found) {
      throw new GitopsError(
        "NoSpecFiles",
        `${folder}: no spec files in this folder (${plural(c.skipped, "other YAML file")} skipped: no userPoolId or clients key)`,
      );
    }
  }
}
