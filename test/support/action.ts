/**
 * Runs the Action bundle as the GitHub runner does: a node subprocess with INPUT_* variables
 * (defaults from action.yml), an event payload file, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { load } from "js-yaml";
// @ts-expect-error: plain ESM build script without types
import { buildAction } from "../../scripts/build.mjs";
import { ROOT } from "./cli.js";
import { runNode } from "./process.js";

let bundle: Promise<string> | undefined;

/** GITHUB_SHA of a run unless a test says otherwise. */
export const DEFAULT_SHA = "c0ffee1234567890abcdef1234567890abcdef12";

/**
 * The Action built from the current sources, once per test process (dist/ is left alone), or the
 * bundle COGNITO_GITOPS_ACTION_BUNDLE names (such as dist/index.js, to test what is committed).
 */
export function actionBundle(): Promise<string> {
  const given = process.env.COGNITO_GITOPS_ACTION_BUNDLE;
  bundle ??= given
    ? Promise.resolve(resolve(ROOT, given))
    : (buildAction(join(mkdtempSync(join(tmpdir(), "cg-action-")), "index.js")) as Promise<string>);
  return bundle;
}

type ActionYml = { inputs: Record<string, { default?: string }> };

/** How the runner names an input's variable: spaces become `_`, dashes stay. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replaceAll(" ", "_").toUpperCase()}`;
}

export type ActionRunOptions = {
  cwd: string;
  inputs?: Record<string, string>;
  eventName?: string;
  payload?: unknown;
  /** Runner and AWS variables, on top of the defaults below. */
  env?: Record<string, string>;
  githubToken?: string;
  /** Called with the runner's node process once it runs (a cancelled job signals it). */
  onStart?: (child: ChildProcess) => void;
};

export type ActionRun = {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  outputFile: string;
  summary: string;
  runnerTemp: string;
};

/** `name<<DELIMITER\nvalue\nDELIMITER` blocks, as core.setOutput writes them. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!m) continue;
    const [, name = "", delimiter] = m;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
    out[name] = value.join("\n");
  }
  return out;
}

export async function runActionBundle(options: ActionRunOptions): Promise<ActionRun> {
  const script = await actionBundle();
  const temp = mkdtempSync(join(tmpdir(), "cg-runner-"));
  const outputFile = join(temp, "output");
  const summaryFile = join(temp, "step-summary.md");
  const eventPath = join(temp, "event.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));

  const yml = load(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;
  const token = options.githubToken ?? "ghs_fake_token";
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(yml.inputs)) {
    const given = options.inputs?.[name];
    // The runner evaluates `${{ github.token }}`; here it is the fake GitHub's token.
    const fallback = spec.default?.includes("github.token") ? token : spec.default;
    const value = given ?? fallback;
    if (value !== undefined) inputs[inputVariable(name)] = value;
  }
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName ?? "push",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: "acme/identity",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_SHA: DEFAULT_SHA,
    GITHUB_WORKSPACE: options.cwd,
    RUNNER_TEMP: temp,
    AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "example-secret-access-key",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    COGNITO_GITOPS_RATES: "1000,1000,1000",
    ...inputs,
    ...options.env,
  };
  const { code, stdout, stderr } = await runNode(script, [], {
    cwd: options.cwd,
    env,
    onStart: options.onStart,
  });
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    outputFile,
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, "utf8") : "",
    runnerTemp: temp,
  };
}
