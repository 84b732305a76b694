#!/usr/bin/env node
/** The `cognito-gitops` executable: wires the process to the CLI. */
import { writeSync } from "node:fs";
import module from "node:module";
import { main } from "./cli/main.js";
import { EXIT_ON_SIGNAL } from "./signals.js";

// The AWS SDK release bundled here is pinned and supports Node 20; its notice about later
// releases would only be noise on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Node 22 and later keep the compiled code of the command bundles in a cache (Node's own, in the
// temporary folder), so later runs start faster. Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

let interrupts: AbortController | undefined;

/** The first SIGINT/SIGTERM asks the command to stop and report; a second one ends the process. */
function trapInterrupts(): AbortSignal {
  if (interrupts) return interrupts.signal;
  const controller = new AbortController();
  interrupts = controller;
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    process.on(name, () => {
      if (controller.signal.aborted) {
        process.stderr.write(`\n${name} again: stopping now, without a report.\n`);
        process.exit(EXIT_ON_SIGNAL[name]);
      }
      process.stderr.write(
        `\n${name}: no new update will start; waiting briefly for those in flight, then reporting (${name} again to stop now).\n`,
      );
      controller.abort(name);
    });
  }
  return controller.signal;
}

/**
 * Writes straight to the file descriptor: process.stdout would load Node's stream machinery, a
 * good part of a short run's start. A descriptor that is not blocking (EAGAIN) gets the stream.
 */
let streamed = false;
function writer(fd: 1 | 2): (text: string) => void {
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  return (text) => {
    if (streamed) return void stream().write(text);
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return; // the reader is gone (`| head`): nothing more to say to it
      if (code !== "EAGAIN") throw err;
      streamed = true; // the rest goes through the stream, after what was written
      stream().write(bytes.subarray(done));
    }
  };
}

/** Requests an interrupted run left behind (waiting for their quota slot) must not keep it alive. */
function finish(code: number): void {
  process.exitCode = code;
  if (!interrupts?.signal.aborted) return;
  if (streamed) process.stdout.write("", () => process.exit(code));
  else process.exit(code);
}

void main(process.argv.slice(2), {
  stdout: writer(1),
  stderr: writer(2),
  env: process.env,
  cwd: process.cwd(),
  // Asked only by commands that colour or show progress: process.stdout (and node:tty) cost a
  // short run's start dearly.
  get isTTY() {
    return Boolean(process.stdout.isTTY);
  },
  trapInterrupts,
}).then(finish);
