/** One Action run: validate, plan (or apply), then log, annotate, set outputs and publish. */

import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { converged } from "../commands/apply.js";
import { driftSpecs } from "../commands/drift.js";
import { planSpecs } from "../commands/plan.js";
import { validate } from "../commands/validate.js";
import { errorLine, GitopsError } from "../errors.js";
import { hasChanges, type Plan, type ReportMode } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import { historyNotes } from "../render/drift-words.js";
import { cell } from "../render/markdown.js";
import { renderPlanJson } from "../render/plan-json.js";
import { MARKDOWN_LIMIT, renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText, summaryLine } from "../render/plan-text.js";
import { renderValidationMarkdown } from "../render/validation-markdown.js";
import { renderValidationText } from "../render/validation-text.js";
import type { ValidationReport } from "../specfile/report.js";
import { plural } from "../text.js";
import {
  type Annotation,
  capAnnotations,
  diagnosticAnnotations,
  omittedNote,
  planAnnotations,
} from "./annotations.js";
import { type ApplyRun, applyInAction, reportApply } from "./apply-run.js";
import { type ActionDeps, type ActionResult, type RunContext, selectionOf, titleOf } from "./context.js";
import { driftIssue } from "./drift-issue.js";
import { applyRefusal, pullRequestOf } from "./event.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import type { ActionIo } from "./io.js";
import { markCommentOutdated, publish, repoClient, SUMMARY_BYTES, summaryPointer } from "./publish.js";
import { reviewedPlanBlock } from "./reviewed-plan.js";

export type { ActionDeps, ActionResult } from "./context.js";

function annotate(io: ActionIo, list: readonly Annotation[]): void {
  const { shown, omitted } = capAnnotations(list);
  for (const a of shown) io.annotate(a);
  const note = omittedNote(omitted);
  if (note) io.log(note);
}

async function invalid(report: ValidationReport, run: RunContext): Promise<ActionResult> {
  const { io } = run.deps;
  const text = renderValidationText(report);
  const line = text.trimEnd().split("\n").at(-1) ?? "Invalid specs.";
  io.log(`${text}No AWS call was made: fix the specs first.\n`);
  annotate(io, diagnosticAnnotations(report.errors));
  io.setOutput("has-changes", "false");
  io.setOutput("changed-clients", "[]");
  io.setOutput("summary", line);
  const markdown = renderValidationMarkdown(titleOf(run.inputs), line, report.errors);
  await publish({ summary: markdown, comment: markdown }, run.inputs, run.ctx, io, run);
  return { failure: `${line} No AWS call was made: fix the specs first.` };
}

/** Saves the JSON plan (apply: with each client's outcome) under RUNNER_TEMP; returns its path. */
async function savePlan(plan: Plan, inputs: ActionInputs, ctx: ActionContext): Promise<string> {
  // One file per command and paths, so two steps of one job do not overwrite each other.
  const key = createHash("sha256").update(inputs.paths.join("\n")).digest("hex").slice(0, 12);
  const dir = join(ctx.runnerTemp, "cognito-gitops");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${inputs.command}-${key}.json`);
  await writeFile(file, renderPlanJson(plan));
  return file;
}

function failureOf(plan: Plan, inputs: ActionInputs, mode: ReportMode): string | undefined {
  const line = summaryLine(plan, mode);
  if (plan.interrupted) return `${line} The job was cancelled: see the job summary for what was done.`;
  const verdict = mode === "apply" ? undefined : riskVerdict(plan.clients, inputs.failOnRisk);
  // A failed or unverified update is an error entry of the applied plan.
  if (!converged(plan)) {
    return `${line} See the errors above and in the job summary.`;
  }
  if (verdict) return `${line} ${verdict} (fail-on-risk: ${inputs.failOnRisk}).`;
  if (mode === "drift" && inputs.failOnDrift && hasChanges(plan)) {
    return `${line} The live clients no longer match their specs (set fail-on-drift: false to report drift without failing).`;
  }
  return undefined;
}

async function setOutputs(plan: Plan, run: RunContext, mode: ReportMode, refused: boolean): Promise<void> {
  const { io } = run.deps;
  // A refused apply changed nothing.
  const changed = plan.clients
    .filter((c) => c.action === "update" && !refused)
    .map((c) => ({ userPoolId: c.userPoolId, clientId: c.clientId ?? "", clientName: c.clientName ?? "" }));
  io.setOutput("has-changes", String(changed.length > 0));
  io.setOutput("changed-clients", JSON.stringify(changed));
  io.setOutput("plan-json", await savePlan(plan, run.inputs, run.ctx));
  io.setOutput("summary", summaryLine(plan, mode));
  io.setOutput("risks", JSON.stringify(plan.summary.risks));
}

/** The Markdown for the job summary and the comment; a plan on a pull request carries its reviewed plan. */
function reportOf(plan: Plan, run: RunContext, mode: ReportMode, refused: string | undefined) {
  const title = titleOf(run.inputs);
  const refusal = refused ? `> ❌ **${cell(refused)}**\n\n` : "";
  const hidden =
    mode === "plan" && run.pr ? reviewedPlanBlock(plan, run.pr.headSha ?? run.ctx.sha ?? "") : undefined;
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

async function execute(run: RunContext): Promise<ActionResult> {
  const { inputs, ctx, deps } = run;
  const refusal = inputs.command === "apply" ? applyRefusal(ctx.eventName) : undefined;
  if (refusal) throw new GitopsError("ApplyNotOnThisEvent", refusal);
  const validation = await validate(inputs.paths, ctx.cwd);
  if (!validation.valid) return invalid(validation, run);

  let applied: ApplyRun | undefined;
  let plan: Plan;
  if (inputs.command === "apply") {
    const outcome = await applyInAction(validation.specs, run);
    if (!("plan" in outcome)) return outcome;
    applied = outcome;
    plan = outcome.plan;
  } else {
    const options = {
      connect: deps.connect,
      defaultRegion: inputs.region ?? ctx.envRegion,
      poolChecks: inputs.poolChecks,
    };
    // drift always reads everything: a console edit can touch any client, changed in Git or not.
    plan =
      inputs.command === "drift"
        ? (await driftSpecs(validation.specs, { ...options, cwd: ctx.cwd })).plan
        : (await planSpecs(validation.specs, { ...options, selection: await selectionOf(run) })).plan;
  }
  // A refused apply wrote nothing: its report is the plan it would have applied.
  const refused = applied?.refused;
  const mode: ReportMode = refused ? "plan" : inputs.command;
  deps.io.log(renderPlanText(plan, { mode, color: true }));
  annotate(deps.io, planAnnotations(plan, mode));
  // Drift causes need the whole history: say so where a shallow checkout will be noticed.
  for (const note of historyNotes(plan)) deps.io.warning(note);
  if (
    inputs.command !== "apply" &&
    inputs.maxChanges !== undefined &&
    plan.summary.update > inputs.maxChanges
  ) {
    deps.io.warning(
      `${plural(plan.summary.update, "client")} would change, more than max-changes ${inputs.maxChanges}: apply would refuse this change.`,
    );
  }
  await setOutputs(plan, run, mode, refused !== undefined);
  const report = reportOf(plan, run, mode, refused);
  await publish(report, inputs, ctx, deps.io, run);
  if (mode === "drift" && inputs.driftIssue) {
    const input = { plan, markdown: report.comment, paths: inputs.paths, pointer: summaryPointer(ctx) };
    await driftIssue(input, ctx, run.client, deps.io);
  }
  if (applied) await reportApply(applied, run);

  if (refused) return { failure: refused };
  const failure = failureOf(plan, inputs, mode);
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
