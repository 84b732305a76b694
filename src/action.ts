/** The GitHub Action's entry: inputs and environment in, one run, one failure message out. */
import { randomUUID } from "node:crypto";
import { error, getInput, info, notice, setFailed, setOutput, summary, warning } from "@actions/core";
import { actionContext, parseInputs } from "./action/inputs.js";
import type { ActionIo } from "./action/io.js";
import { runAction } from "./action/run.js";
import { type AwsConnection, awsSettings, openAws } from "./cognito/connection.js";
import { errorLine } from "./errors.js";
import { proxiedFetch } from "./net/fetch.js";

// The AWS SDK release bundled here is pinned; its notice about Node releases is only noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ANNOTATE = { error, warning, notice };
/** How messages name the inputs that awsSettings checks. */
const INPUT_NAMES = { region: "input region" };

const io: ActionIo = {
  log(text) {
    // Plans quote spec and AWS values: stop the runner from reading any line of them as a command.
    const token = randomUUID();
    process.stdout.write(
      `::stop-commands::${token}\n${text.endsWith("\n") ? text : `${text}\n`}::${token}::\n`,
    );
  },
  annotate(a) {
    const where = { title: a.title, file: a.file, startLine: a.line };
    ANNOTATE[a.level](a.message, a.column === undefined ? where : { ...where, startColumn: a.column });
  },
  warning: (message) => warning(message),
  setOutput: (name, value) => setOutput(name, value),
  async appendSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await summary.addRaw(markdown, true).write();
  },
};

// A cancelled job sends SIGINT: an apply then stops starting updates and reports what it did.
const cancelled = new AbortController();
for (const name of ["SIGINT", "SIGTERM"] as const) process.on(name, () => cancelled.abort(name));

let aws: AwsConnection | undefined;
try {
  const inputs = parseInputs((name) => getInput(name));
  const ctx = actionContext(process.env, process.cwd());
  const settings = awsSettings({ region: inputs.region }, process.env, INPUT_NAMES);
  aws = await openAws(settings, (message) => info(`note: ${message}`));
  // GitHub calls go through HTTPS_PROXY / HTTP_PROXY as the AWS calls do (awsSettings read them).
  const fetch = proxiedFetch(settings.proxy ?? {});
  const result = await runAction(inputs, ctx, {
    io,
    fetch,
    connect: aws.connect,
    defaultRegion: settings.region,
    stats: aws.stats,
    signal: cancelled.signal,
  });
  if (result.failure) setFailed(result.failure);
} catch (err) {
  // Only input errors reach here; runAction itself never throws.
  setFailed(errorLine(err));
} finally {
  aws?.close();
  // Requests a cancelled apply left waiting for their quota slot must not keep the step alive.
  if (cancelled.signal.aborted) process.exit();
}
