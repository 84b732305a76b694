/**
 * A run's outcome told: the step's log and annotations, the JSON plan saved for later steps, and
 * the Markdown for the job summary and the pull request comment.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Plan, ReportMode } from "../plan/model.js";
import { historyNotes } from "../render/drift-words.js";
import { cell } from "../render/markdown.js";
import { renderPlanJson } from "../render/plan-json.js";
import { MARKDOWN_LIMIT, renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import { renderValidationMarkdown } from "../render/validation-markdown.js";
import { NO_AWS_CALL, renderValidationText, validationSummary } from "../render/validation-text.js";
import { plural } from "../text.js";
import {
  type Annotation,
  capAnnotations,
  diagnosticAnnotations,
  omittedNote,
  planAnnotations,
} from "./annotations.js";
import { type Outcome, type RunContext, titleOf } from "./context.js";
import type { ActionIo } from "./io.js";
import { type Report, SUMMARY_BYTES, summaryPointer } from "./publish.js";
import { reviewedPlanBlock } from "./reviewed-plan.js";

/** The plan an outcome shows and how: a refused apply shows the plan it would have applied. */
export function shownPlan(outcome: Outcome): { plan: Plan; mode: ReportMode } | undefined {
  if (outcome.kind === "done") return { plan: outcome.plan, mode: outcome.mode };
  if (outcome.kind === "refused" && outcome.plan) return { plan: outcome.plan, mode: "plan" };
  return undefined;
}

function annotate(io: ActionIo, list: readonly Annotation[]): void {
  const { shown, omitted } = capAnnotations(list);
  for (const a of shown) io.annotate(a);
  const note = omittedNote(omitted);
  if (note) io.log(note);
}

/** The step's log, annotations and warnings. */
export function logOutcome(outcome: Outcome, run: RunContext): void {
  const { io } = run.deps;
  if (outcome.kind === "invalid") {
    io.log(`${renderValidationText(outcome.report)}${NO_AWS_CALL}\n`);
    annotate(io, diagnosticAnnotations(outcome.report.errors));
    return;
  }
  const shown = shownPlan(outcome);
  if (!shown) return;
  const { plan, mode } = shown;
  io.log(renderPlanText(plan, { mode, color: true }));
  annotate(io, planAnnotations(plan, mode));
  // Drift causes need the whole history: say so where a shallow checkout will be noticed.
  for (const note of historyNotes(plan)) io.warning(note);
  const max = run.inputs.maxChanges;
  if (outcome.kind === "done" && mode !== "apply" && max !== undefined && plan.summary.update > max) {
    io.warning(
      `${plural(plan.summary.update, "client")} would change, more than max-changes ${max}: apply would refuse this change.`,
    );
  }
}

/** Saves the JSON plan (apply: with each client's outcome) under RUNNER_TEMP; returns its path. */
export async function savePlan(plan: Plan, run: RunContext): Promise<string> {
  const { inputs, ctx, deps } = run;
  // One file per command and paths, so two steps of one job do not overwrite each other.
  const key = createHash("sha256").update(inputs.paths.join("\n")).digest("hex").slice(0, 12);
  const dir = join(ctx.runnerTemp, "cognito-gitops");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${inputs.command}-${key}.json`);
  await writeFile(file, renderPlanJson(plan, deps.stats));
  return file;
}

/** The Markdown for the job summary and the comment; a plan on a pull request carries its reviewed plan. */
export function markdownOf(outcome: Outcome, run: RunContext): Report {
  const title = titleOf(run.inputs);
  if (outcome.kind === "invalid") {
    const markdown = renderValidationMarkdown(
      title,
      validationSummary(outcome.report),
      outcome.report.errors,
    );
    return { summary: markdown, comment: markdown };
  }
  const shown = shownPlan(outcome);
  if (!shown) {
    const markdown = `### ${title}\n\n${outcome.kind === "refused" ? (outcome.details ?? "") : ""}`;
    return { summary: markdown, comment: markdown };
  }
  const { plan, mode } = shown;
  const failure = outcome.kind === "refused" ? outcome.message : outcome.stopped;
  const refusal = failure ? `> ❌ **${cell(failure)}**\n\n` : "";
  const hidden =
    mode === "plan" && outcome.kind === "done" && run.pr
      ? reviewedPlanBlock(plan, run.pr.headSha ?? run.ctx.sha ?? "")
      : undefined;
  // Room for the commit line under the plan and the hidden block after it.
  const commentLimit = MARKDOWN_LIMIT - 400 - (hidden?.length ?? 0);
  const markdown = (limit: number, fullPlanHint?: string) =>
    refusal + renderPlanMarkdown(plan, { mode, title, limit, ...(fullPlanHint ? { fullPlanHint } : {}) });
  return {
    summary: markdown(SUMMARY_BYTES),
    comment: markdown(commentLimit, summaryPointer(run.ctx)),
    ...(hidden ? { hidden } : {}),
  };
}
