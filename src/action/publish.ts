/** Where a run's Markdown goes: the job summary on every run, the sticky comment on pull requests. */
import { readFile } from "node:fs/promises";
import { commentBody, commentMarker, fitMarkdown, upsertComment } from "./comment.js";
import { GitHub, GitHubError } from "./github.js";
import type { ActionContext, ActionInputs } from "./inputs.js";
import type { ActionIo } from "./io.js";

/** GitHub takes at most 1 MiB of job summary per step. */
export const SUMMARY_BYTES = 1024 * 1024 - 1024;

export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(["pull_request", "pull_request_target"]);

/** The same report twice: whole for the job summary, and sized for a comment with a pointer. */
export type Report = { summary: string; comment: string };

/** Where the whole report can be read when the comment had to be cut. */
export function summaryPointer(ctx: ActionContext): string {
  return ctx.runUrl
    ? `The whole report is in the [job summary](${ctx.runUrl}).`
    : "The whole report is in the job summary of this workflow run.";
}

/** The pull request number from the event payload, or undefined for any other event. */
export async function pullRequestNumber(ctx: ActionContext): Promise<number | undefined> {
  if (!PULL_REQUEST_EVENTS.has(ctx.eventName) || !ctx.eventPath) return undefined;
  try {
    const payload = JSON.parse(await readFile(ctx.eventPath, "utf8")) as {
      pull_request?: { number?: unknown };
    };
    const n = payload.pull_request?.number;
    return typeof n === "number" && Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function commentFailure(err: unknown): string {
  const reason = err instanceof Error ? err.message : String(err);
  const hint =
    err instanceof GitHubError && (err.status === 403 || err.status === 404)
      ? " The job needs `permissions: pull-requests: write` (and for a fork, pull_request_target)."
      : "";
  return `cognito-gitops could not post the pull request comment: ${reason}.${hint} The plan is in the job summary.`;
}

async function comment(
  report: Report,
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIo,
  fetch: typeof globalThis.fetch,
) {
  if (!inputs.comment) return;
  const issue = await pullRequestNumber(ctx);
  if (issue === undefined) return;
  if (!ctx.repository || !inputs.githubToken) {
    io.warning("cognito-gitops cannot comment: GITHUB_REPOSITORY or the github-token input is empty.");
    return;
  }
  const github = new GitHub({ baseUrl: ctx.apiUrl, token: inputs.githubToken, fetch });
  const marker = commentMarker(inputs.command, inputs.paths);
  const body = commentBody(marker, report.comment, summaryPointer(ctx));
  try {
    const done = await upsertComment(github, { repo: ctx.repository, issue }, marker, body);
    const what = { create: "posted", update: "updated", skip: "left as it is (no change)" }[done.action];
    io.log(`Pull request #${issue}: ${inputs.command} comment ${what}.`);
  } catch (err) {
    io.warning(commentFailure(err));
  }
}

/** Writes the job summary, then (on a pull request, unless `comment: false`) the sticky comment. */
export async function publish(
  report: Report,
  inputs: ActionInputs,
  ctx: ActionContext,
  io: ActionIo,
  fetch: typeof globalThis.fetch,
): Promise<void> {
  const note = "Cut to stay under GitHub's 1 MiB job summary limit; the step's log has the whole plan.";
  await io.appendSummary(fitMarkdown(report.summary, SUMMARY_BYTES, note, (s) => Buffer.byteLength(s)));
  await comment(report, inputs, ctx, io, fetch);
}
