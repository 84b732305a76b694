/**
 * The parts of the plan comment beyond the plan: the line naming the commit and the run, the note
 * that marks a plan outdated, and the apply result written back after the merge. Pure.
 */
import { cell } from "../render/markdown.js";
import { commentBody } from "./comment.js";
import { reviewedBlockOf, withoutReviewedPlan } from "./reviewed-plan.js";

const OUTDATED = /^> ⚠️ \*\*Outdated\.\*\*[^\n]*\n(?:>[^\n]*\n)*\n?/m;
const RESULT = /<!-- cognito-gitops:apply-result -->\n[\s\S]*?<!-- \/cognito-gitops:apply-result -->\n\n?/;

export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : "unknown";
}

/** "[workflow run](...)", or "this workflow run" when the run has no link. */
export function runLink(runUrl: string | undefined): string {
  return runUrl ? `[workflow run](${runUrl})` : "this workflow run";
}

/** "Planned at commit `abc1234` ([workflow run](...))." */
export function commitLine(verb: string, sha: string | undefined, runUrl: string | undefined): string {
  return `<sub>${verb} at commit <code>${shortSha(sha)}</code> (${runLink(runUrl)}).</sub>\n`;
}

/** The marker line and the rest of a comment body. */
function split(body: string): { first: string; rest: string } {
  const b = body.replaceAll("\r\n", "\n");
  const nl = b.indexOf("\n");
  return nl < 0 ? { first: b, rest: "" } : { first: b.slice(0, nl), rest: b.slice(nl + 1) };
}

/** The marker line, `top`, then the rest cut to fit; a reviewed-plan block in the rest stays whole. */
function refit(first: string, top: string, rest: string, pointer: string): string {
  return commentBody(first, withoutReviewedPlan(rest), pointer, reviewedBlockOf(rest), top);
}

/**
 * A plan comment marked outdated: a later run at `sha` failed before it could plan. Its reviewed
 * plan is taken out, so that a merge cannot apply it.
 */
export function outdatedBody(
  body: string,
  failure: { sha: string | undefined; runUrl: string | undefined; message: string },
  pointer: string,
): string {
  const { first, rest } = split(withoutReviewedPlan(body));
  const note =
    `> ⚠️ **Outdated.** The run for commit <code>${shortSha(failure.sha)}</code> (${runLink(failure.runUrl)}) ` +
    "failed before it could plan, so the plan below may no longer be current and a merge will not apply it.\n" +
    `> ${cell(failure.message.slice(0, 500))}\n\n`;
  return refit(first, note, rest.replace(OUTDATED, ""), pointer);
}

export type ApplyResultNote = {
  ok: boolean;
  /** `Apply: 2 updated, 5 in sync, 0 errors.` or why the apply was refused. */
  headline: string;
  /** Failed clients or differences, one line each. */
  lines: string[];
  sha: string | undefined;
  runUrl: string | undefined;
};

/** The apply result as a Markdown section. */
export function applyResultSection(r: ApplyResultNote): string {
  const shown = r.lines.slice(0, 20);
  const more = r.lines.length - shown.length;
  return [
    "<!-- cognito-gitops:apply-result -->",
    `#### ${r.ok ? "✅" : "❌"} Merged and applied at commit <code>${shortSha(r.sha)}</code> (${runLink(r.runUrl)})`,
    "",
    `**${r.headline}**`,
    ...(shown.length > 0 ? ["", ...shown.map((l) => `- ${l}`)] : []),
    ...(more > 0 ? [`- … and ${more} more (see the job summary)`] : []),
    "<!-- /cognito-gitops:apply-result -->",
    "",
    "",
  ].join("\n");
}

/** The plan comment with the apply result on top (replacing an earlier result). */
export function withApplyResult(body: string, r: ApplyResultNote, pointer: string): string {
  const { first, rest } = split(body);
  return refit(first, applyResultSection(r), rest.replace(RESULT, ""), pointer);
}
