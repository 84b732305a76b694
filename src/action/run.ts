/**
 * One Action run, in three steps: the command's outcome (validate, then plan, drift or apply), its
 * report (log, annotations, saved plan), then where it is published (job summary, comment, drift
 * issue, the pull request an apply was held to) and the outputs. The verdict comes last.
 */
import { driftSpecs } from "../commands/drift.js";
import { planSpecs } from "../commands/plan.js";
import { validate } from "../commands/validate.js";
import { errorLine, GitopsError } from "../errors.js";
import { verdictOf } from "../plan/verdict.js";
import { summaryLine } from "../render/plan-text.js";
import { NO_AWS_CALL, validationSummary } from "../render/validation-text.js";
import { applyInAction, reportApply } from "./apply-run.js";
import {
  type ActionDeps,
  type ActionResult,
  type Outcome,
  optionsOf,
  type RunContext,
  titleOf,
} from "./context.js";
import { driftIssue } from "./drift-issue.js";
import { applyRefusal, pullRequestOf } from "./event.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import { outputsOf } from "./outputs.js";
import { markCommentOutdated, publish, repoClient, summaryPointer } from "./publish.js";
import { logOutcome, markdownOf, savePlan, shownPlan } from "./report.js";

export type { ActionDeps, ActionResult } from "./context.js";

/** Validates, then plans, checks drift or applies. */
async function outcomeOf(run: RunContext): Promise<Outcome> {
  const { inputs, ctx } = run;
  const refusal = inputs.command === "apply" ? applyRefusal(ctx.eventName) : undefined;
  if (refusal) throw new GitopsError("ApplyNotOnThisEvent", refusal);
  const validation = await validate(inputs.paths, ctx.cwd);
  if (!validation.valid) return { kind: "invalid", report: validation };
  if (inputs.command === "apply") return applyInAction(validation.specs, run);
  if (inputs.command === "drift") {
    // drift always reads everything: a console edit can touch any client, changed in Git or not.
    const options = { ...(await optionsOf(run, undefined)), cwd: ctx.cwd };
    return { kind: "done", mode: "drift", plan: (await driftSpecs(validation.specs, options)).plan };
  }
  const options = await optionsOf(run, inputs.changedSince);
  return { kind: "done", mode: "plan", plan: (await planSpecs(validation.specs, options)).plan };
}

/** Job summary and comment, then the drift issue or the apply's write-back; returns the drift issue left open. */
async function publishOutcome(outcome: Outcome, run: RunContext): Promise<number | undefined> {
  const { inputs, ctx, deps } = run;
  const report = markdownOf(outcome, run);
  await publish(report, inputs, ctx, deps.io, run);
  if (outcome.kind === "invalid") return undefined;
  if (inputs.command === "apply") {
    await reportApply(outcome, run);
    return undefined;
  }
  if (outcome.kind !== "done" || outcome.mode !== "drift" || !inputs.driftIssue) return undefined;
  const input = {
    plan: outcome.plan,
    markdown: report.comment,
    paths: inputs.paths,
    pointer: summaryPointer(ctx),
  };
  return driftIssue(input, ctx, run.client, deps.io);
}

/** The message the step fails with, or undefined when it passes. */
function failureOf(outcome: Outcome, inputs: ActionInputs): string | undefined {
  if (outcome.kind === "invalid") return `${validationSummary(outcome.report)} ${NO_AWS_CALL}`;
  if (outcome.kind === "refused") return outcome.message;
  if (outcome.stopped) return `${outcome.stopped}. See the job summary for what was done.`;
  const { plan, mode } = outcome;
  const failOnChanges = mode === "drift" && inputs.failOnDrift;
  const verdict = verdictOf(plan, mode, { failOnRisk: inputs.failOnRisk, failOnChanges });
  const line = summaryLine(plan, mode);
  switch (verdict.reason) {
    case "ok":
      return undefined;
    case "interrupted":
      return `${line} The job was cancelled: see the job summary for what was done.`;
    case "errors":
      // A failed or unverified update is an error entry of the applied plan.
      return `${line} See the errors above and in the job summary.`;
    case "risk":
      return `${line} ${verdict.message} (fail-on-risk: ${inputs.failOnRisk}).`;
    case "changes":
      return `${line} The live clients no longer match their specs (set fail-on-drift: false to report drift without failing).`;
  }
}

async function execute(run: RunContext): Promise<ActionResult> {
  const outcome = await outcomeOf(run);
  logOutcome(outcome, run);
  const shown = shownPlan(outcome);
  const planJson = shown ? await savePlan(shown.plan, run) : undefined;
  const driftIssueNumber = await publishOutcome(outcome, run);
  for (const [name, value] of Object.entries(
    outputsOf(outcome, { planJson, driftIssue: driftIssueNumber }),
  )) {
    run.deps.io.setOutput(name, value);
  }
  const failure = failureOf(outcome, run.inputs);
  return failure ? { failure } : {};
}

/** Runs the Action. Never throws: any failure is the one message returned. */
export async function runAction(
  inputs: ActionInputs,
  ctx: ActionContext,
  deps: ActionDeps,
): Promise<ActionResult> {
  const run: RunContext = {
    inputs,
    ctx,
    deps,
    pr: await pullRequestOf(ctx),
    client: repoClient(inputs, ctx, deps.fetch),
  };
  try {
    return await execute(run);
  } catch (err) {
    const message = errorLine(err);
    await deps.io.appendSummary(`### ${titleOf(inputs)}\n\n❌ ${message}\n`).catch(() => {});
    await markCommentOutdated(message, inputs, ctx, deps.io, run);
    return { failure: message };
  }
}
