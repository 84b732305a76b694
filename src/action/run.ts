/** One Action run: validate, plan (or apply), then log, annotate, set outputs and publish. */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Connect } from "../cognito/port.js";
import { applySpecs, converged, RiskRefusedError } from "../commands/apply.js";
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
import { plural } from "../render/values.js";
import type { ValidationReport } from "../specfile/report.js";
import { type Annotation, capAnnotations, diagnosticAnnotations, planAnnotations } from "./annotations.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import type { ActionIo } from "./io.js";
import { PULL_REQUEST_EVENTS, publish, SUMMARY_BYTES, summaryPointer } from "./publish.js";

export type ActionDeps = {
  io: ActionIo;
  /** Opens the Cognito port for a Region; called only once the specs are valid. */
  connect: Connect;
  fetch: typeof globalThis.fetch;
};

/** `failure` is the one message the step fails with; absent when the step succeeds. */
export type ActionResult = { failure?: string };

function annotate(io: ActionIo, list: readonly Annotation[]): void {
  const { shown, omitted } = capAnnotations(list);
  for (const a of shown) io.annotate(a);
  if (omitted > 0) io.log(`${plural(omitted, "more annotation")} left out; the job summary lists them all.`);
}

function titleOf(inputs: ActionInputs): string {
  return `cognito-gitops ${inputs.command}: \`${inputs.paths.join(" ")}\``;
}

function refuseApplyOnPullRequest(inputs: ActionInputs, ctx: ActionContext): void {
  if (inputs.command !== "apply" || !PULL_REQUEST_EVENTS.has(ctx.eventName)) return;
  throw new GitopsError(
    "ApplyOnPullRequest",
    `command apply does not run on ${ctx.eventName} events: a pull request must never change AWS. ` +
      "Run plan on pull requests and apply on push to the default branch (see examples/workflows/apply-on-merge.yml). Nothing was changed.",
  );
}

async function invalid(report: ValidationReport, inputs: ActionInputs, ctx: ActionContext, deps: ActionDeps) {
  const text = renderValidationText(report);
  const line = text.trimEnd().split("\n").at(-1) ?? "Invalid specs.";
  deps.io.log(`${text}No AWS call was made: fix the specs first.\n`);
  annotate(deps.io, diagnosticAnnotations(report.errors));
  deps.io.setOutput("has-changes", "false");
  deps.io.setOutput("changed-clients", "[]");
  deps.io.setOutput("summary", line);
  const markdown = renderValidationMarkdown(titleOf(inputs), line, report.errors);
  await publish({ summary: markdown, comment: markdown }, inputs, ctx, deps.io, deps.fetch);
  return { failure: `${line} No AWS call was made: fix the specs first.` };
}

/** The run's plan; `refused` when apply refused it by fail-on-risk (nothing was written). */
type Compared = { plan: Plan; refused?: string };

async function compare(
  specs: ValidationReport["specs"],
  inputs: ActionInputs,
  ctx: ActionContext,
  connect: Connect,
): Promise<Compared> {
  const options = { connect, defaultRegion: inputs.region ?? ctx.envRegion, poolChecks: inputs.poolChecks };
  if (inputs.command === "drift")
    return { plan: (await driftSpecs(specs, { ...options, cwd: ctx.cwd })).plan };
  if (inputs.command === "plan") return { plan: (await planSpecs(specs, options)).plan };
  const applied = await applySpecs(specs, {
    ...options,
    maxChanges: inputs.maxChanges,
    failOnRisk: inputs.failOnRisk,
  }).catch((err: unknown) => {
    if (err instanceof RiskRefusedError) return { refused: err };
    throw err;
  });
  return "refused" in applied ? { plan: applied.refused.plan, refused: applied.refused.message } : applied;
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

async function execute(inputs: ActionInputs, ctx: ActionContext, deps: ActionDeps): Promise<ActionResult> {
  refuseApplyOnPullRequest(inputs, ctx);
  const validation = await validate(inputs.paths, ctx.cwd);
  if (!validation.valid) return invalid(validation, inputs, ctx, deps);

  const compared = await compare(validation.specs, inputs, ctx, deps.connect);
  // A refused apply wrote nothing: its report is the plan it would have applied.
  const mode: ReportMode = compared.refused ? "plan" : inputs.command;
  const plan = compared.plan;
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

  // A refused apply changed nothing.
  const changed = plan.clients
    .filter((c) => c.action === "update" && !compared.refused)
    .map((c) => ({ userPoolId: c.userPoolId, clientId: c.clientId ?? "", clientName: c.clientName ?? "" }));
  deps.io.setOutput("has-changes", String(changed.length > 0));
  deps.io.setOutput("changed-clients", JSON.stringify(changed));
  deps.io.setOutput("plan-json", await savePlan(plan, inputs, ctx));
  deps.io.setOutput("summary", summaryLine(plan, mode));
  deps.io.setOutput("risks", JSON.stringify(plan.summary.risks));

  const title = titleOf(inputs);
  const refusal = compared.refused ? `> ❌ **${cell(compared.refused)}**\n\n` : "";
  const markdown = (limit: number, fullPlanHint?: string) =>
    refusal + renderPlanMarkdown(plan, { mode, title, limit, ...(fullPlanHint ? { fullPlanHint } : {}) });
  const report = { summary: markdown(SUMMARY_BYTES), comment: markdown(MARKDOWN_LIMIT, summaryPointer(ctx)) };
  await publish(report, inputs, ctx, deps.io, deps.fetch);

  if (compared.refused) return { failure: compared.refused };
  const failure = failureOf(plan, inputs, mode);
  return failure ? { failure } : {};
}

/** Runs the Action. Never throws: any failure is the one message returned. */
export async function runAction(
  inputs: ActionInputs,
  ctx: ActionContext,
  deps: ActionDeps,
): Promise<ActionResult> {
  try {
    return await execute(inputs, ctx, deps);
  } catch (err) {
    const message = errorLine(err);
    await deps.io.appendSummary(`### ${titleOf(inputs)}\n\n❌ ${message}\n`).catch(() => {});
    return { failure: message };
  }
}
