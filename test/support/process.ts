/**
 * Runs a Node script as a child process, without blocking this one (emulators may answer from here).
 * COGNITO_GITOPS_TEST_NODE names another node binary to run it with (the Action's node24 runtime).
 */
import { type ChildProcess, spawn } from "node:child_process";

export type ProcessResult = { code: number; stdout: string; stderr: string };

export function runNode(
  script: string,
  args: readonly string[],
  options: {
    cwd?: string | undefined;
    env: NodeJS.ProcessEnv;
    /** Called with the child once it runs (to signal it, as a cancelled job does). */
    onStart?: ((child: ChildProcess) => void) | undefined;
  },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.COGNITO_GITOPS_TEST_NODE || process.execPath, [script, ...args], {
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    options.onStart?.(child);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
