/**
 * The sticky pull request comment: one per command and `paths`, found again by a hidden marker on
 * its first line among the Action's own comments, and edited in place. Two runs at once may both
 * post one: the newest stays and the other copies are deleted. The pure parts (marker, cut,
 * decision) are apart from the one call site.
 */
import type { GitHub, IssueComment } from "./github.js";

/** GitHub refuses a comment body over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

/** A hidden first line (an HTML comment) that finds what the Action wrote of `kind` for these paths again. */
export function hiddenMarker(kind: string, paths: readonly string[]): string {
  // "--" could close the HTML comment early.
  return `<!-- cognito-gitops:${kind}:${paths.join(" ").replaceAll("--", "- -")} -->`;
}

const FENCE = /^\s*```/;

/** What must be appended to a Markdown prefix so that its open code fence and <details> close. */
function closers(prefix: string): string {
  const lines = prefix.split("\n");
  const fenceOpen = lines.filter((l) => FENCE.test(l)).length % 2 === 1;
  const open =
    (prefix.match(/<details( open)?>/g) ?? []).length - (prefix.match(/<\/details>/g) ?? []).length;
  return `${fenceOpen ? "```\n" : ""}${"</details>\n".repeat(Math.max(0, open))}`;
}

/**
 * `text` when it fits `limit`, else its longest run of whole lines that fits together with
 * `note`, with an open code fence and <details> closed. `measure` is characters by default
 * (GitHub's comment limit); pass a byte count for limits in bytes.
 */
export function fitMarkdown(
  text: string,
  limit: number,
  note: string,
  measure: (s: string) => number = (s) => s.length,
): string {
  if (measure(text) <= limit) return text;
  const tail = `\n> ✂️ ${note}\n`;
  let end = text.length;
  for (;;) {
    const nl = text.lastIndexOf("\n", end - 1);
    const prefix = nl > 0 ? text.slice(0, nl + 1) : "";
    const out = `${prefix}${closers(prefix)}${tail}`;
    if (measure(out) <= limit || prefix === "") return out;
    // Scale down towards the limit (in whatever unit `measure` counts), then walk back line by line.
    end = Math.min(nl, Math.floor((nl * limit) / measure(out)));
  }
}

/**
 * The comment as posted: the marker, `top` whole, the Markdown (cut under GitHub's limit when
 * needed, with `pointer` saying where the rest is), then `hidden` (a machine-readable block) whole
 * at the end.
 */
export function commentBody(
  marker: string,
  markdown: string,
  pointer: string,
  hidden = "",
  top = "",
): string {
  const tail = hidden ? `\n${hidden}\n` : "";
  const room = COMMENT_LIMIT - 1 - marker.length - 1 - top.length - tail.length;
  return `${marker}\n${top}${fitMarkdown(markdown, room, pointer)}${tail}`;
}

/** Whether a comment body starts with the marker line. */
export function isMarked(body: string, marker: string): boolean {
  const b = body.replaceAll("\r\n", "\n");
  return b === marker || b.startsWith(`${marker}\n`);
}

export type CommentDecision = (
  | { action: "create" }
  | { action: "update"; id: number }
  | { action: "skip"; id: number }
) & {
  /** Older copies of our comment (two runs that posted at once): deleted. */
  remove: number[];
};

// A comment links to its run; a new run of the same plan at the same commit is no change.
function comparable(body: string): string {
  return body
    .replaceAll("\r\n", "\n")
    .replace(/\/actions\/runs\/\d+(?:\/attempts\/\d+)?/g, "/actions/runs/*");
}

/** Our comments with the marker, oldest first. Only our own count: anyone can copy a marker. */
export function ownMarked(existing: readonly IssueComment[], marker: string): IssueComment[] {
  return existing.filter((c) => c.mine && isMarked(c.body, marker)).sort((a, b) => a.id - b.id);
}

/** Create when none of our comments carries the marker; else keep the newest (edit it unless it already says this). */
export function decideComment(
  existing: readonly IssueComment[],
  marker: string,
  body: string,
): CommentDecision {
  const mine = ownMarked(existing, marker);
  const newest = mine.at(-1);
  if (!newest) return { action: "create", remove: [] };
  const remove = mine.slice(0, -1).map((c) => c.id);
  return comparable(newest.body) === comparable(body)
    ? { action: "skip", id: newest.id, remove }
    : { action: "update", id: newest.id, remove };
}

export type CommentTarget = { repo: string; issue: number };

/** Deletes every own marked copy but the newest; returns the newest. */
export async function keepNewest(
  github: GitHub,
  target: CommentTarget,
  marker: string,
): Promise<IssueComment | undefined> {
  const mine = ownMarked(await github.listComments(target.repo, target.issue), marker);
  for (const c of mine.slice(0, -1)) await github.deleteIssueComment(target.repo, c.id);
  return mine.at(-1);
}

/** Posts or edits the sticky comment, and leaves one copy of it; returns what was done. */
export async function upsertComment(
  github: GitHub,
  target: CommentTarget,
  marker: string,
  body: string,
): Promise<CommentDecision> {
  const existing = await github.listComments(target.repo, target.issue);
  const decision = decideComment(existing, marker, body);
  if (decision.action === "create") {
    await github.createIssueComment(target.repo, target.issue, body);
    // Another run may have posted too between our listing and our post: the newest copy stays.
    await keepNewest(github, target, marker);
    return decision;
  }
  if (decision.action === "update") await github.updateIssueComment(target.repo, decision.id, body);
  for (const id of decision.remove) await github.deleteIssueComment(target.repo, id);
  return decision;
}
