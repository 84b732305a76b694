/** The Action's inputs and the runner's environment, parsed into typed objects (no I/O). */
import { tmpdir } from "node:os";
import { posix } from "node:path";
import { GitopsError } from "../errors.js";
import { type RiskSeverity, SEVERITIES } from "../model/risk-ids.js";

/** The commands the Action runs (validate and export are the CLI's). */
export const ACTION_COMMANDS = ["plan", "apply", "drift"] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** What the workflow asked for, from the `with:` block of action.yml. */
export type ActionInputs = {
  command: ActionCommand;
  /** Spec files or folders, relative to the workspace. */
  paths: string[];
  region: string | undefined;
  maxChanges: number | undefined;
  /** plan and apply: only the clients whose spec entries changed since this Git ref. */
  changedSince: string | undefined;
  failOnDrift: boolean;
  /** Fail the step (apply: refuse before any write) on an unaccepted risk at or above this severity. */
  failOnRisk: RiskSeverity | undefined;
  comment: boolean;
  /** Check updates against their pool's attributes, identity providers, resource servers and tier. */
  poolChecks: boolean;
  githubToken: string;
  /** apply: refuse unless the changes are those of the pull request's reviewed plan. */
  requireReviewedPlan: boolean;
  /** apply: a saved plan (plan --out, or a plan run's plan-json) to apply exactly, as the CLI's --plan-file. */
  planFile: string | undefined;
  /** drift: keep one issue open while anything drifted, closed when nothing does. */
  driftIssue: boolean;
};

/** What the runner tells the step through its environment. */
export type ActionContext = {
  cwd: string;
  eventName: string;
  eventPath: string | undefined;
  /** `owner/repo`. */
  repository: string | undefined;
  apiUrl: string;
  /** GITHUB_GRAPHQL_URL, or the one that goes with apiUrl. */
  graphqlUrl: string;
  /** GITHUB_SHA: the commit the run checked out (on a pull request, its test merge). */
  sha: string | undefined;
  /** Link to this run, for "the full plan is in the job summary". */
  runUrl: string | undefined;
  runnerTemp: string;
};

function badInput(name: string, message: string): GitopsError {
  return new GitopsError("BadInput", `input ${name}: ${message}`);
}

// The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput reads them.
const TRUE = new Set(["true", "True", "TRUE"]);
const FALSE = new Set(["false", "False", "FALSE"]);

function booleanInput(get: (name: string) => string, name: string, fallback: boolean): boolean {
  const v = get(name);
  if (v === "") return fallback;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw badInput(name, `must be true or false; got "${v}"`);
}

/**
 * Each path written one way (`./cognito/` is `cognito`), each once: the plan comment and the
 * drift issue are found again by their paths, so plan and apply must spell them alike.
 */
function samePaths(paths: readonly string[]): string[] {
  const one = paths.map((p) => posix.normalize(p).replace(/(.)\/+$/, "$1"));
  return [...new Set(one)];
}

/** Reads every input through `get` (core.getInput, which trims); empty means the default. */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const command = get("command") || "plan";
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw badInput("command", `must be one of ${ACTION_COMMANDS.join(", ")}; got "${command}"`);
  }
  // Paths are split on any whitespace, so a block scalar or one line both work.
  const paths = samePaths((get("paths") || "cognito").split(/\s+/).filter((p) => p !== ""));
  const risk = get("fail-on-risk");
  if (risk !== "" && risk !== "none" && !(SEVERITIES as readonly string[]).includes(risk)) {
    throw badInput("fail-on-risk", `must be one of none, ${SEVERITIES.join(", ")}; got "${risk}"`);
  }
  const max = get("max-changes");
  if (max !== "" && !/^\d+$/.test(max)) throw badInput("max-changes", `must be a whole number; got "${max}"`);
  return {
    command: command as ActionCommand,
    paths,
    region: get("region") || undefined,
    maxChanges: max === "" ? undefined : Number(max),
    changedSince: get("changed-since") || undefined,
    failOnDrift: booleanInput(get, "fail-on-drift", true),
    failOnRisk: risk === "" || risk === "none" ? undefined : (risk as RiskSeverity),
    comment: booleanInput(get, "comment", true),
    poolChecks: booleanInput(get, "pool-checks", true),
    githubToken: get("github-token"),
    requireReviewedPlan: booleanInput(get, "require-reviewed-plan", true),
    planFile: get("plan-file") || undefined,
    driftIssue: booleanInput(get, "drift-issue", false),
  };
}

/** github.com's GraphQL endpoint sits beside its REST root; a GHES server's at /api/graphql. */
function graphqlUrlOf(apiUrl: string): string {
  return apiUrl.endsWith("/api/v3") ? `${apiUrl.slice(0, -"/v3".length)}/graphql` : `${apiUrl}/graphql`;
}

/** The runner's variables; missing ones get the defaults a github.com runner would give. */
export function actionContext(env: Readonly<Record<string, string | undefined>>, cwd: string): ActionContext {
  const serverUrl = env.GITHUB_SERVER_URL || "https://github.com";
  const repository = env.GITHUB_REPOSITORY || undefined;
  const runId = env.GITHUB_RUN_ID;
  const apiUrl = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  return {
    cwd,
    eventName: env.GITHUB_EVENT_NAME ?? "",
    eventPath: env.GITHUB_EVENT_PATH || undefined,
    repository,
    apiUrl,
    graphqlUrl: env.GITHUB_GRAPHQL_URL || graphqlUrlOf(apiUrl),
    sha: env.GITHUB_SHA || undefined,
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
    runnerTemp: env.RUNNER_TEMP || tmpdir(),
  };
}
