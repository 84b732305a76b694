/** What one Action run works with, shared by the run and its parts, and how it can end. */
import type { Connect } from "../cognito/port.js";
import type { RefusalReason } from "../commands/apply.js";
import type { PlanOptions } from "../commands/plan.js";
import { planOptions } from "../commands/run-options.js";
import type { Plan, ReportMode } from "../plan/model.js";
import type { ValidationReport } from "../specfile/report.js";
import type { PullRequestInfo } from "./event.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import type { ActionIo } from "./io.js";
import type { RepoClient } from "./publish.js";
import type { ReviewRefusalReason, ReviewState } from "./review.js";

export type ActionDeps = {
  io: ActionIo;
  /** Opens the Cognito port for a Region; called only once the specs are valid. */
  connect: Connect;
  /** The region input, else AWS_REGION / AWS_DEFAULT_REGION (checked): for pools whose spec names none. */
  defaultRegion: string | undefined;
  /** The AWS calls of the run, by operation, for the saved JSON plan. */
  stats?: { calls: ReadonlyMap<string, number>; throttled: number };
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

/** Why an apply wrote nothing: its review, fail-on-risk or max-changes. The `failure-reason` output. */
export type FailureReason = ReviewRefusalReason | RefusalReason;

/** How a run's command ended, before it is reported. */
export type Outcome =
  /** Invalid specs: no AWS call was made. */
  | { kind: "invalid"; report: ValidationReport }
  /**
   * A plan, a drift report or an applied plan; `review`: the pull requests an apply was held to.
   * `stopped`: the error that stopped an apply after updates had started; `plan` holds those updates.
   */
  | { kind: "done"; mode: ReportMode; plan: Plan; review?: ReviewState; stopped?: string }
  /**
   * An apply refused before any write. `brief` is the reason in a few words; `plan` what it would
   * have applied (fail-on-risk, max-changes); `details` Markdown saying why (a review's refusal).
   */
  | {
      kind: "refused";
      reason: FailureReason;
      message: string;
      brief: string;
      plan?: Plan;
      details?: string;
      review: ReviewState;
    };

/** The options of this run's plan, drift or apply; `changedSince` for plan and apply only. */
export function optionsOf(run: RunContext, changedSince: string | undefined): Promise<PlanOptions> {
  return planOptions({
    paths: run.inputs.paths,
    cwd: run.ctx.cwd,
    connect: run.deps.connect,
    defaultRegion: run.deps.defaultRegion,
    poolChecks: run.inputs.poolChecks,
    changedSince,
  });
}

/** The heading of this run's job summary and comment. */
export function titleOf(inputs: ActionInputs): string {
  return `cognito-gitops ${inputs.command}: \`${inputs.paths.join(" ")}\``;
}
