/**
 * The drift issue: while live clients differ from their specs, one open issue (title naming the
 * paths) holds the latest drift report; a run that finds no drift closes it with a comment. The
 * issue is found again by a hidden marker on the first line of its body, among the Action's own.
 */

import { hasChanges, type Plan } from "../plan/model.js";
import { plural } from "../text.js";
import { commentBody, hiddenMarker, isMarked } from "./comment.js";
import { gitHubFailure } from "./github.js";
import type { ActionContext } from "./inputs.js";
import type { ActionIo } from "./io.js";
import { commitLine, runLink, shortSha } from "./plan-comment.js";
import type { RepoClient } from "./publish.js";

export function driftIssueTitle(plan: Plan, paths: readonly string[]): string {
  const title = `Cognito drift in ${paths.join(", ")}: ${plural(plan.summary.update, "app client")} drifted`;
  return title.length > 250 ? `${title.slice(0, 249)}…` : title;
}

export type DriftIssueInput = { plan: Plan; markdown: string; paths: readonly string[]; pointer: string };

/** Opens, updates or closes the drift issue; returns the number of the issue left open, if any. */
async function upkeepDriftIssue(
  input: DriftIssueInput,
  ctx: ActionContext,
  client: RepoClient,
): Promise<{ open?: number; did: string }> {
  const { github, repo } = client;
  const marker = hiddenMarker("drift-issue", input.paths);
  const mine = (await github.listOwnOpenIssues(repo))
    .filter((i) => isMarked(i.body, marker))
    .sort((a, b) => a.number - b.number);
  const current = mine.at(-1);
  // Two runs that opened one each: the newest stays.
  for (const dup of mine.slice(0, -1)) {
    await github.updateIssue(repo, dup.number, { state: "closed", state_reason: "not_planned" });
  }
  if (hasChanges(input.plan)) {
    const title = driftIssueTitle(input.plan, input.paths);
    const markdown = `${input.markdown}\n${commitLine("Checked for drift", ctx.sha, ctx.runUrl)}`;
    const body = commentBody(marker, markdown, input.pointer);
    if (current) {
      await github.updateIssue(repo, current.number, { title, body });
      return { open: current.number, did: `drift issue #${current.number} updated` };
    }
    const opened = await github.createIssue(repo, title, body);
    return { open: opened, did: `drift issue #${opened} opened` };
  }
  if (!current) return { did: "no drift issue to close" };
  if (input.plan.summary.error > 0) {
    // Clients in error were not compared: their drift may still be there.
    return { open: current.number, did: `drift issue #${current.number} left open (clients in error)` };
  }
  await github.createIssueComment(
    repo,
    current.number,
    `No drift any more: every managed client matches its spec again (${runLink(ctx.runUrl)}, commit <code>${shortSha(ctx.sha)}</code>). Closing.`,
  );
  await github.updateIssue(repo, current.number, { state: "closed", state_reason: "completed" });
  return { did: `drift issue #${current.number} closed` };
}

/** The same, for the Action: a failure becomes a warning; returns the number of the issue left open. */
export async function driftIssue(
  input: DriftIssueInput,
  ctx: ActionContext,
  client: RepoClient | undefined,
  io: ActionIo,
): Promise<number | undefined> {
  if (!client) {
    io.warning(
      "cognito-gitops cannot keep the drift issue: GITHUB_REPOSITORY or the github-token input is empty.",
    );
    return undefined;
  }
  try {
    const { open, did } = await upkeepDriftIssue(input, ctx, client);
    io.log(`cognito-gitops: ${did}.`);
    return open;
  } catch (err) {
    io.warning(
      `${gitHubFailure("keep the drift issue", err, "issues: write")} The drift report is in the job summary.`,
    );
    return undefined;
  }
}
