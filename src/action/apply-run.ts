/**
 * apply in the Action: held to the pull request's reviewed plan (or to a saved plan file), refused
 * before any write when the changes are not the reviewed ones, and the result written back to the
 * pull request.
 */
import { ApplyRefusedError, ApplyStoppedError, applySpecs } from "../commands/apply.js";
import { readSavedPlanFile } from "../commands/run-options.js";
import { converged, type ErrorEntry, type Plan } from "../plan/model.js";
import { cell } from "../render/markdown.js";
import { summaryLine } from "../render/plan-text.js";
import { clientLabel } from "../render/values.js";
import type { SpecFile } from "../specfile/load.js";
import { type Outcome, optionsOf, type RunContext } from "./context.js";
import { gitHubFailure } from "./github.js";
import type { ApplyResultNote } from "./plan-comment.js";
import { summaryPointer } from "./publish.js";
import { lookUpForWriteBack, ReviewRefused, type ReviewState, reviewCheck, writeBack } from "./review.js";

const REVIEW_BRIEF = {
  "plan-changed": "the plan changed since review",
  "no-reviewed-plan": "no reviewed plan",
} as const;

/**
 * Applies, held to the reviewed plan when require-reviewed-plan asks for it (then every read comes
 * before the first write) or to plan-file. A refusal before any write is an outcome, not an error.
 */
export async function applyInAction(specs: readonly SpecFile[], run: RunContext): Promise<Outcome> {
  const { inputs, ctx, deps } = run;
  const options = {
    ...(await optionsOf(run, inputs.changedSince)),
    maxChanges: inputs.maxChanges,
    failOnRisk: inputs.failOnRisk,
    signal: deps.signal,
  };
  const review: ReviewState = { pulls: [], sources: [], problems: [] };
  const savedPlan = inputs.planFile ? await readSavedPlanFile(inputs.planFile, ctx.cwd) : undefined;
  const required = inputs.requireReviewedPlan && !savedPlan;
  // Without a review to pass, the pull request is looked up only after, to write the result to it.
  const lookedUp = async () => {
    if (!inputs.requireReviewedPlan && !savedPlan) await lookUpForWriteBack(inputs, ctx, run.client, review);
    return review;
  };
  try {
    const check = required ? reviewCheck(inputs, ctx, run.client, review) : undefined;
    const { plan } = await applySpecs(specs, { ...options, savedPlan, review: check });
    return { kind: "done", mode: "apply", plan, review: await lookedUp() };
  } catch (err) {
    if (err instanceof ReviewRefused) {
      const { reason, message, details } = err;
      return { kind: "refused", reason, message, brief: REVIEW_BRIEF[reason], details, review };
    }
    if (err instanceof ApplyRefusedError) {
      const { reason, message, brief, plan } = err;
      return { kind: "refused", reason, message, brief, plan, review: await lookedUp() };
    }
    if (err instanceof ApplyStoppedError) {
      // The run fails, but what it wrote is reported everywhere a finished apply is.
      return { kind: "done", mode: "apply", plan: err.plan, stopped: err.message, review: await lookedUp() };
    }
    throw err;
  }
}

function failedLines(plan: Plan | undefined): string[] {
  const failed = (plan?.clients ?? []).filter((c): c is ErrorEntry => c.action === "error");
  return failed.map((c) => cell(`${clientLabel(c)}: ${c.error.code}: ${c.error.message}`));
}

/** What the pull request is told of an apply: its result, or why it was refused. */
function resultNote(
  outcome: Extract<Outcome, { kind: "done" | "refused" }>,
  run: RunContext,
): ApplyResultNote {
  const where = { sha: run.ctx.sha, runUrl: run.ctx.runUrl, lines: failedLines(outcome.plan) };
  if (outcome.kind === "refused") {
    const why = outcome.message.replace(/^apply refused: /, "");
    return { ...where, ok: false, headline: `Apply refused: ${why}` };
  }
  if (outcome.stopped) return { ...where, ok: false, headline: `Apply stopped: ${outcome.stopped}` };
  return { ...where, ok: converged(outcome.plan), headline: summaryLine(outcome.plan, "apply") };
}

/** Writes the apply result (or refusal) to the pull request(s) the apply was held to. */
export async function reportApply(
  outcome: Extract<Outcome, { kind: "done" | "refused" }>,
  run: RunContext,
): Promise<void> {
  if (!outcome.review) return;
  try {
    const done = await writeBack(
      outcome.review,
      resultNote(outcome, run),
      run.client,
      summaryPointer(run.ctx),
    );
    if (done.length > 0) run.deps.io.log(`The apply result is written to pull request ${done.join(", ")}.`);
  } catch (err) {
    run.deps.io.warning(
      gitHubFailure("write the apply result to the pull request", err, "pull-requests: write"),
    );
  }
}
