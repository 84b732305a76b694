/** One Action run: validate, plan (or apply), then log, annotate, set outputs and publish. */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Connect } from "../cognito/port.js";
import { applySpecs, converged } from "../commands/apply.js";
import { planSpecs } from "../commands/plan.js";
import { validate } from "../commands/validate.js";
import { errorLine, GitopsError } from "../errors.js";
import { hasChanges, type Plan, type ReportMode } from "../plan/model.js";
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

async function compare(
  specs: ValidationReport["specs"],
  inputs: ActionInputs,
  ctx: ActionContext,
  connect: Connect,
): Promise<Plan> {
  const options = { connect, defaultRegion: inputs.region ?? ctx.envRegion, poolChecks: inputs.poolChecks };
  if (inputs.command === "apply")
    return (await applySpecs(specs, { ...options, maxChanges: inputs.maxChanges })).plan;
  return (await planSpecs(specs, options)).plan;
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
  // A failed or unverified update is an error entry of the applied plan.
  if (!converged(plan)) {
    return `${line} See the errors above and in the job summary.`;
  }
  if (mode === "drift" && inputs.failOnDrift && hasChanges(plan)) {
    return `${line} The live clients no longer match their specs (set fail-on-drift: false to report drift without failing).`;
  }
  return undefined;
}

async function execute(inputs: ActionInputs, ctx: ActionContext, deps: ActionDeps): Promise<ActionResult> {
  refuseApplyOnPullRequest(inputs, ctx);
  const validation = await validate(inputs.paths, ctx.cwd);
  if (!validation.valid) return invalid(validation, inputs, ctx, deps);

  const mode: ReportMode = inputs.command;
  const plan = await compare(validation.specs, inputs, ctx, deps.connect);
  deps.io.log(renderPlanText(plan, { mode, color: true }));
  annotate(deps.io, planAnnotations(plan, mode));
  if (mode !== "apply" && inputs.maxChanges !== undefined && plan.summary.update > inputs.maxChanges) {
    deps.io.warning(
      `${plural(plan.summary.update, "client")} would change, more than max-changes ${inputs.maxChanges}: apply would refuse this change.`,
    );
  }

  const changed = plan.clients
    .filter((c) => c.action === "update")
    .map((c) => ({ userPoolId: c.userPoolId, clientId: c.clientId ?? "", clientName: c.clientName ?? "" }));
  deps.io.setOutput("has-changes", String(hasChanges(plan)));
  deps.io.setOutput("changed-clients", JSON.stringify(changed));
  deps.io.setOutput("plan-json", await savePlan(plan, inputs, ctx));
  deps.io.setOutput("summary", summaryLine(plan, mode));

  const title = titleOf(inputs);
  const markdown = (limit: number, fullPlanHint?: string) =>
    renderPlanMarkdown(plan, { mode, title, limit, ...(fullPlanHint ? { fullPlanHint } : {}) });
  const report = { summary: markdown(SUMMARY_BYTES), comment: markdown(MARKDOWN_LIMIT, summaryPointer(ctx)) };
  await publish(report, inputs, ctx, deps.io, deps.fetch);

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
