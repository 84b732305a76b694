/**
 * apply in the Action: held to the pull request's reviewed plan (or to a saved plan file), refused
 * before any write when the changes are not the reviewed ones, and the result written back to the
 * pull request.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseSavedPlan, type SavedPlan } from "../apply/saved-plan.js";
import { applySpecs, converged, RiskRefusedError } from "../commands/apply.js";
import { GitopsError } from "../errors.js";
import type { ErrorEntry, Plan } from "../plan/model.js";
import { summaryLine } from "../render/plan-text.js";
import { clientLabel } from "../render/values.js";
import type { SpecFile } from "../specfile/load.js";
import { type ActionResult, type RunContext, selectionOf, titleOf } from "./context.js";
import { GitHubError } from "./github.js";
import { summaryPointer } from "./publish.js";
import { ReviewRefused, type ReviewState, reviewCheck, writeBack } from "./review.js";

function writeBackFailure(err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err);
  const hint =
    err instanceof GitHubError && (err.status === 403 || err.status === 404)
      ? " The job needs `permissions: pull-requests: write`."
      : "";
  return `cognito-gitops could not write the apply result to the pull request: ${reason}.${hint}`;
}

/**
 * An apply that went ahead (its plan with outcomes) or was refused by fail-on-risk (`refused`: the
 * plan it would have applied; nothing was written), and the pull requests it was held to.
 */
export type ApplyRun = { plan: Plan; state: ReviewState; refused?: string };

async function readPlanFile(file: string, cwd: string): Promise<SavedPlan> {
  const text = await readFile(resolve(cwd, file), "utf8").catch(() => {
    throw new GitopsError("BadPlanFile", `input plan-file: cannot read ${file}`);
  });
  return parseSavedPlan(text, file);
}

async function refused(err: ReviewRefused, state: ReviewState, run: RunContext): Promise<ActionResult> {
  const { io } = run.deps;
  io.setOutput("failure-reason", err.reason);
  io.setOutput("has-changes", "false");
  io.setOutput("changed-clients", "[]");
  io.setOutput(
    "summary",
    err.reason === "plan-changed"
      ? "Apply refused: the plan changed since review."
      : "Apply refused: no reviewed plan.",
  );
  await io.appendSummary(`### ${titleOf(run.inputs)}\n\n${err.details}`);
  const note = {
    ok: false,
    headline: `Apply refused: ${err.message}`,
    lines: [],
    sha: run.ctx.sha,
    runUrl: run.ctx.runUrl,
  };
  await writeBack(state, note, run.client, summaryPointer(run.ctx)).catch((e: unknown) =>
    io.warning(writeBackFailure(e)),
  );
  return { failure: err.message };
}

/** Applies; a refusal is the step's failure, with `failure-reason` set and nothing written to AWS. */
export async function applyInAction(
  specs: readonly SpecFile[],
  run: RunContext,
): Promise<ApplyRun | ActionResult> {
  const { inputs, ctx, deps } = run;
  const options = {
    connect: deps.connect,
    defaultRegion: inputs.region ?? ctx.envRegion,
    poolChecks: inputs.poolChecks,
    maxChanges: inputs.maxChanges,
    failOnRisk: inputs.failOnRisk,
    selection: await selectionOf(run),
    signal: deps.signal,
  };
  const state: ReviewState = { pulls: [], sources: [], problems: [] };
  try {
    if (inputs.planFile) {
      const savedPlan = await readPlanFile(inputs.planFile, ctx.cwd);
      return { plan: (await applySpecs(specs, { ...options, savedPlan })).plan, state };
    }
    const review = reviewCheck(inputs, ctx, run.client, state);
    return { plan: (await applySpecs(specs, { ...options, review })).plan, state };
  } catch (err) {
    if (err instanceof ReviewRefused) return refused(err, state, run);
    if (err instanceof RiskRefusedError) return { plan: err.plan, state, refused: err.message };
    throw err;
  }
}

/** Writes the apply result to the pull request(s) the apply was held to. */
export async function reportApply(applied: ApplyRun, run: RunContext): Promise<void> {
  const { plan, state, refused } = applied;
  const failed = plan.clients.filter((c): c is ErrorEntry => c.action === "error");
  const note = {
    ok: !refused && converged(plan),
    headline: refused ? refused.replace(/^apply/, "Apply") : summaryLine(plan, "apply"),
    lines: failed.map((c) =>
      `${clientLabel(c)}: ${c.error.code}: ${c.error.message}`.replaceAll("<", "&lt;"),
    ),
    sha: run.ctx.sha,
    runUrl: run.ctx.runUrl,
  };
  try {
    const done = await writeBack(state, note, run.client, summaryPointer(run.ctx));
    if (done.length > 0) run.deps.io.log(`The apply result is written to pull request ${done.join(", ")}.`);
  } catch (err) {
    run.deps.io.warning(writeBackFailure(err));
  }
}
