/** Where a run's Markdown goes: the job summary on every run, the sticky comment on pull requests. */
import { commentBody, fitMarkdown, hiddenMarker, keepNewest, upsertComment } from "./comment.js";
import type { PullRequestInfo } from "./event.js";
import { GitHub, gitHubFailure, permissionHint } from "./github.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import type { ActionIo } from "./io.js";
import { commitLine, outdatedBody } from "./plan-comment.js";

/** GitHub takes at most 1 MiB of job summary per step. */
export const SUMMARY_BYTES = 1024 * 1024 - 1024;

/** The same report twice: whole for the job summary, and sized for a comment; `hidden` ends the comment. */
export type Report = { summary: string; comment: string; hidden?: string };

/** A GitHub client for this repository, when the run has a token and knows its repository. */
export type RepoClient = { github: GitHub; repo: string };

export function repoClient(
  inputs: ActionInputs,
  ctx: ActionContext,
  fetch: typeof globalThis.fetch,
): RepoClient | undefined {
  if (!ctx.repository || !inputs.githubToken) return undefined;
  const github = new GitHub({
    baseUrl: ctx.apiUrl,
    graphqlUrl: ctx.graphqlUrl,
    token: inputs.githubToken,
    fetch,
  });
  return { github, repo: ctx.repository };
}

/** Where the whole report can be read when the comment had to be cut. */
export function summaryPointer(ctx: ActionContext): string {
  return ctx.runUrl
    ? `The whole report is in the [job summary](${ctx.runUrl}).`
    : "The whole report is in the job summary of this workflow run.";
}

/** The warning for a comment that could not be written; it never advises pull_request_target. */
function commentFailure(err: unknown, pr: PullRequestInfo | undefined): string {
  const what = "post the pull request comment";
  if (pr?.fromFork && permissionHint(err, "pull-requests: write")) {
    return (
      gitHubFailure(what, err) +
      " This pull request comes from a fork, whose token is read-only: the plan is in the job summary." +
      " Fork pull requests cannot be planned with AWS credentials anyway (GitHub gives their runs no OIDC token and no secrets);" +
      " push the branch to this repository to get a plan comment."
    );
  }
  return `${gitHubFailure(what, err, "pull-requests: write")} The plan is in the job summary.`;
}

function verbOf(command: string): string {
  return command === "drift" ? "Checked for drift" : command === "apply" ? "Applied" : "Planned";
}

async function comment(
  report: Report,
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIo,
  where: { pr: PullRequestInfo | undefined; client: RepoClient | undefined },
) {
  const { pr, client } = where;
  if (!inputs.comment || !pr) return;
  if (!client) {
    io.warning("cognito-gitops cannot comment: GITHUB_REPOSITORY or the github-token input is empty.");
    return;
  }
  const marker = hiddenMarker(inputs.command, inputs.paths);
  const markdown = `${report.comment}\n${commitLine(verbOf(inputs.command), pr.headSha ?? ctx.sha, ctx.runUrl)}`;
  const body = commentBody(marker, markdown, summaryPointer(ctx), report.hidden);
  try {
    const done = await upsertComment(client.github, { repo: client.repo, issue: pr.number }, marker, body);
    const what = { create: "posted", update: "updated", skip: "left as it is (no change)" }[done.action];
    io.log(`Pull request #${pr.number}: ${inputs.command} comment ${what}.`);
  } catch (err) {
    io.warning(commentFailure(err, pr));
  }
}

/** Writes the job summary, then (on a pull request, unless `comment: false`) the sticky comment. */
export async function publish(
  report: Report,
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIo,
  where: { pr: PullRequestInfo | undefined; client: RepoClient | undefined },
): Promise<void> {
  const note = "Cut to stay under GitHub's 1 MiB job summary limit; the step's log has the whole plan.";
  await io.appendSummary(fitMarkdown(report.summary, SUMMARY_BYTES, note, (s) => Buffer.byteLength(s)));
  await comment(report, inputs, ctx, io, where);
}

/**
 * A run that failed before it could post its plan: the plan comment of an earlier run is marked
 * outdated (and loses its reviewed plan), so that a stale plan never looks current.
 */
export async function markCommentOutdated(
  message: string,
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIo,
  where: { pr: PullRequestInfo | undefined; client: RepoClient | undefined },
): Promise<void> {
  const { pr, client } = where;
  if (!inputs.comment || !pr || !client || inputs.command === "apply") return;
  const marker = hiddenMarker(inputs.command, inputs.paths);
  try {
    const old = await keepNewest(client.github, { repo: client.repo, issue: pr.number }, marker);
    if (!old) return;
    const failure = { sha: pr.headSha ?? ctx.sha, runUrl: ctx.runUrl, message };
    await client.github.updateIssueComment(
      client.repo,
      old.id,
      outdatedBody(old.body, failure, summaryPointer(ctx)),
    );
    io.log(`Pull request #${pr.number}: the earlier ${inputs.command} comment is marked outdated.`);
  } catch (err) {
    io.warning(commentFailure(err, pr));
  }
}
