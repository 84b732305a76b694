#!/usr/bin/env node
/** The `cognito-gitops` executable: wires the process to the CLI. */
import { main } from "./cli/main.js";

// The AWS SDK release bundled here is pinned and supports Node 20; its notice about later
// releases would only be noise on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
});
process.exitCode = code;
