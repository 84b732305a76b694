/** Runs the CLI in-process (main) or as a subprocess (lib/cli.cjs), capturing what it prints. */
import { join } from "node:path";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { runNode } from "./process.js";

export const ROOT = join(import.meta.dirname, "../..");
export const CLI = join(ROOT, "lib/cli.cjs");

export type CliResult = { code: number; stdout: string; stderr: string };

export async function runInProcess(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    isTTY?: boolean;
    stderrIsTTY?: boolean;
  } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export function runSubprocess(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return runNode(CLI, args, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
  });
}
