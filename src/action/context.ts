/** What one Action run works with, shared by the run and its parts. */
import type { Connect } from "../cognito/port.js";
import { changedSince } from "../commands/changed-since.js";
import type { Selection } from "../commands/plan.js";
import type { PullRequestInfo } from "./event.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import type { ActionIo } from "./io.js";
import type { RepoClient } from "./publish.js";

export type ActionDeps = {
  io: ActionIo;
  /** Opens the Cognito port for a Region; called only once the specs are valid. */
  connect: Connect;
  fetch: typeof globalThis.fetch;
  /** A cancelled job: apply stops starting updates and reports what it did. */
  signal?: AbortSignal;
};

/** `failure` is the one message the step fails with; absent when the step succeeds. */
export type ActionResult = { failure?: string };

export type RunContext = {
  inputs: ActionInputs;
  ctx: ActionContext;
  deps: ActionDeps;
  /** The pull request of a pull_request run. */
  pr: PullRequestInfo | undefined;
  /** GitHub, when the run has a token and a repository. */
  client: RepoClient | undefined;
};

/** The clients the changed-since input leaves to be read (plan and apply); all without it. */
export async function selectionOf(run: RunContext): Promise<Selection | undefined> {
  const since = run.inputs.changedSince;
  return since ? await changedSince(since, run.inputs.paths, run.ctx.cwd) : undefined;
}

/** The heading of this run's job summary and comment. */
export function titleOf(inputs: ActionInputs): string {
  return `cognito-gitops ${inputs.command}: \`${inputs.paths.join(" ")}\``;
}
