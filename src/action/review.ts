/**
 * Apply on merge holds itself to the reviewed plan: it finds the pull request of the pushed commit,
 * reads the reviewed plan from that pull request's plan comment, and lets the apply go on only when
 * every client it would write changes exactly as reviewed. Afterwards the result is written back.
 */

import type { SavedPlan } from "../apply/saved-plan.js";
import { GitopsError } from "../errors.js";
import type { Change, Plan } from "../plan/model.js";
import { cell, code } from "../render/markdown.js";
import { diffBlock } from "../render/plan-markdown.js";
import { clientLabel } from "../render/values.js";
import { plural } from "../text.js";
import { hiddenMarker, ownMarked } from "./comment.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import { type ApplyResultNote, applyResultSection, shortSha, withApplyResult } from "./plan-comment.js";
import type { RepoClient } from "./publish.js";
import {
  compareWithReviewed,
  type Difference,
  heldPlan,
  type ReviewedPlan,
  readReviewedPlan,
} from "./reviewed-plan.js";

export type ReviewRefusalReason = "plan-changed" | "no-reviewed-plan";

/** An apply refused before any write; `details` is Markdown for the job summary. */
export class ReviewRefused extends GitopsError {
  constructor(
    readonly reason: ReviewRefusalReason,
    message: string,
    readonly details: string,
  ) {
    super(reason === "plan-changed" ? "PlanChanged" : "NoReviewedPlan", message);
  }
}

/** A pull request comment that holds a reviewed plan. */
type Source = { pr: number; commentId: number; body: string; plan: ReviewedPlan };

/** What the lookup found: the merged pull requests, their reviewed plans, and what was missing. */
export type ReviewState = { pulls: number[]; sources: Source[]; problems: string[] };

/** Reads the reviewed plans of the merged pull requests of `sha`. */
async function findReviewedPlans(
  client: RepoClient,
  sha: string,
  paths: readonly string[],
): Promise<ReviewState> {
  const pulls = (await client.github.pullRequestsOfCommit(client.repo, sha)).filter((p) => p.merged);
  const marker = hiddenMarker("plan", paths);
  const state: ReviewState = { pulls: pulls.map((p) => p.number), sources: [], problems: [] };
  for (const { number } of pulls) {
    const newest = ownMarked(await client.github.listComments(client.repo, number), marker).at(-1);
    const plan = newest ? readReviewedPlan(newest.body) : undefined;
    if (newest && plan) state.sources.push({ pr: number, commentId: newest.id, body: newest.body, plan });
    else if (newest) {
      state.problems.push(
        `the plan comment of pull request #${number} holds no reviewed plan (its specs were invalid, or its last plan run failed)`,
      );
    } else {
      state.problems.push(
        `pull request #${number} has no plan comment for paths \`${paths.join(" ")}\` written with this token`,
      );
    }
  }
  return state;
}

function noReviewedPlan(why: string, sha: string | undefined): ReviewRefused {
  const message =
    `no reviewed plan for commit ${shortSha(sha)}: ${why}. Apply on merge changes only what a pull request's plan ` +
    "comment showed (set require-reviewed-plan: false to apply without one). Nothing was changed.";
  return new ReviewRefused("no-reviewed-plan", message, `❌ ${message}\n`);
}

/** The changes as the plan comment shows them, in a diff fence. */
function changeFence(changes: readonly Change[]): string[] {
  return changes.length === 0 ? ["```diff", "(no change)", "```"] : diffBlock(changes);
}

/** What differs from the review, for the job summary. */
function differencesMarkdown(diffs: readonly Difference[], sources: readonly Source[]): string {
  const reviewed = sources
    .map((s) => `pull request #${s.pr} (planned at ${code(shortSha(s.plan.commit))})`)
    .join(", ");
  const out = [
    `❌ **Refused: the plan changed since it was reviewed.** Nothing was changed. Reviewed: ${reviewed}.`,
    "",
    `${plural(diffs.length, "client")} would be written differently from the review:`,
    "",
  ];
  for (const d of diffs.slice(0, 200)) {
    out.push(
      `<details open><summary><b>${cell(clientLabel(d))}</b>: ${d.reason}</summary>`,
      "",
      ...(d.reviewed ? ["Reviewed:", ...changeFence(d.reviewed)] : []),
      "Now:",
      ...changeFence(d.now),
      "</details>",
      "",
    );
  }
  if (diffs.length > 200) out.push(`… and ${diffs.length - 200} more.`, "");
  out.push(
    "Run plan again on a new pull request (its comment will show these changes), review it, and merge it.",
    "",
  );
  return out.join("\n");
}

/** Fills `state` with the merged pull requests of the run's commit and their reviewed plans. */
async function lookUp(
  inputs: ActionInputs,
  ctx: ActionContext,
  client: RepoClient | undefined,
  state: ReviewState,
): Promise<void> {
  if (!client) throw noReviewedPlan("the github-token input or GITHUB_REPOSITORY is empty", ctx.sha);
  if (!ctx.sha) throw noReviewedPlan("GITHUB_SHA is not set", ctx.sha);
  Object.assign(state, await findReviewedPlans(client, ctx.sha, inputs.paths));
}

/**
 * An apply that needs no review looks up its pull request afterwards, only to write the result
 * back: a failed lookup leaves `state` empty and stops nothing.
 */
export async function lookUpForWriteBack(
  inputs: ActionInputs,
  ctx: ActionContext,
  client: RepoClient | undefined,
  state: ReviewState,
): Promise<void> {
  await lookUp(inputs, ctx, client, state).catch(() => {});
}

/**
 * The check applySpecs runs on the fresh plan before any write (require-reviewed-plan). It fills
 * `state` with what it found, for the write-back. Nothing to write needs no review.
 */
export function reviewCheck(
  inputs: ActionInputs,
  ctx: ActionContext,
  client: RepoClient | undefined,
  state: ReviewState,
): (fresh: Plan) => Promise<SavedPlan | undefined> {
  return async (fresh) => {
    if (fresh.summary.update === 0) return undefined;
    try {
      await lookUp(inputs, ctx, client, state);
    } catch (err) {
      if (err instanceof ReviewRefused) throw err;
      throw noReviewedPlan(`the pull request could not be read (${(err as Error).message})`, ctx.sha);
    }
    if (state.sources.length === 0) {
      throw noReviewedPlan(
        state.problems[0] ?? "it came with no merged pull request (a direct push?)",
        ctx.sha,
      );
    }
    const diffs = compareWithReviewed(
      fresh,
      state.sources.map((s) => s.plan),
    );
    if (diffs.length > 0) {
      const message =
        `the plan changed since it was reviewed: ${plural(diffs.length, "client")} would be written differently ` +
        "(see the job summary). Nothing was changed.";
      throw new ReviewRefused("plan-changed", message, differencesMarkdown(diffs, state.sources));
    }
    return heldPlan(fresh);
  };
}

/** Writes the apply result (or refusal) to the plan comments the review used, or as a reply. */
export async function writeBack(
  state: ReviewState,
  note: ApplyResultNote,
  client: RepoClient | undefined,
  pointer: string,
): Promise<string[]> {
  if (!client) return [];
  const done: string[] = [];
  const edited = new Set<number>();
  for (const s of state.sources) {
    await client.github.updateIssueComment(client.repo, s.commentId, withApplyResult(s.body, note, pointer));
    edited.add(s.pr);
    done.push(`#${s.pr}`);
  }
  for (const pr of state.pulls.filter((n) => !edited.has(n))) {
    await client.github.createIssueComment(client.repo, pr, applyResultSection(note));
    done.push(`#${pr}`);
  }
  return done;
}
