/**
 * Where `--out` writes: checked before any work (a folder where a file is wanted, or the other way
 * round, is a usage error), and folders made one level at a time (Node's recursive mkdir spins
 * forever under /proc).
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { GitopsError, UsageError } from "../errors.js";

type Kind = "file" | "folder" | "other" | "none";

async function kindOf(path: string): Promise<Kind> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? "folder" : info.isFile() ? "file" : "other";
  } catch {
    return "none";
  }
}

function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return typeof e?.code === "string" ? e.code : String(e?.message ?? err);
}

/** The folders to make, outermost first, up to the nearest one that exists; that one must be a folder. */
async function missingFolders(dir: string, flag: string, given: string): Promise<string[]> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const kind = await kindOf(at);
    if (kind === "folder") return missing.reverse();
    if (kind !== "none") throw new UsageError(`${flag} ${given}: ${at} is not a folder`);
    missing.push(at);
    const up = dirname(at);
    if (up === at) return missing.reverse();
    at = up;
  }
}

async function makeFolders(folders: readonly string[], flag: string, given: string): Promise<void> {
  for (const f of folders) {
    await mkdir(f).catch((err: unknown) => {
      if ((err as { code?: unknown }).code === "EEXIST") return;
      throw new GitopsError(
        "CannotWrite",
        `${flag} ${given}: cannot create the folder ${f} (${reason(err)})`,
      );
    });
  }
}

/** A file to write: checked now; `write` makes its folder and writes it later. */
export async function outFile(cwd: string, given: string, flag = "--out") {
  const file = resolve(cwd, given);
  const kind = await kindOf(file);
  if (kind === "folder")
    throw new UsageError(`${flag} ${given} is a folder; name a file, such as ${given}/plan.json`);
  if (kind === "other") throw new UsageError(`${flag} ${given} is not a regular file`);
  const folders = await missingFolders(dirname(file), flag, given);
  return {
    file,
    async write(text: string): Promise<void> {
      await makeFolders(folders, flag, given);
      await writeFile(file, text).catch((err: unknown) => {
        throw new GitopsError("CannotWrite", `${flag} ${given}: cannot write the file (${reason(err)})`);
      });
    },
  };
}

/** A folder to write files into: checked now; `make` creates it later. */
export async function outFolder(cwd: string, given: string, flag = "--out") {
  const dir = resolve(cwd, given);
  const kind = await kindOf(dir);
  if (kind === "file" || kind === "other")
    throw new UsageError(`${flag} ${given} is a file; name a folder (the file is written into it)`);
  const folders = kind === "folder" ? [] : await missingFolders(dir, flag, given);
  return {
    dir,
    async write(name: string, text: string): Promise<string> {
      await makeFolders(folders, flag, given);
      const file = resolve(dir, name);
      await writeFile(file, text).catch((err: unknown) => {
        throw new GitopsError("CannotWrite", `${flag} ${given}: cannot write ${name} (${reason(err)})`);
      });
      return file;
    },
  };
}
