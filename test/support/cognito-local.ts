/**
 * Starts cognito-local (the npm dev dependency, a third-party emulator of the AWS wire protocol)
 * on a free loopback port, in a throwaway data folder. Used by integration tests and the demo.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type CognitoLocal = { endpoint: string; stop(): Promise<void> };

const STARTED = /Cognito Local running on (http:\/\/[\d.]+:\d+)/;

function startScript(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve("cognito-local/package.json"), "..", "lib", "bin", "start.js");
}

export async function startCognitoLocal(options: { timeoutMs?: number } = {}): Promise<CognitoLocal> {
  const dataDir = mkdtempSync(join(tmpdir(), "cognito-local-"));
  const child: ChildProcess = spawn(process.execPath, [startScript()], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, PORT: "0", HOST: "127.0.0.1", NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`cognito-local did not start within ${options.timeoutMs ?? 20_000} ms:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the emulator's ANSI colours
      output += chunk.toString().replace(/\u001b\[[0-9;]*m/g, "");
      const m = STARTED.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cognito-local exited with code ${code}:\n${output}`));
    });
  });
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once("exit", done);
        child.kill();
      }),
  };
}
