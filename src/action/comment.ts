/**
 * The sticky pull request comment: one per command and `paths`, found again by a hidden marker
 * and edited in place. The pure parts (marker, cut, decision) are apart from the one call site.
 */
import type { GitHub, IssueComment } from "./github.js";

/** GitHub refuses a comment body over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

/** The hidden first line that finds this command's comment for these paths again. */
export function commentMarker(command: string, paths: readonly string[]): string {
  // "--" could close the HTML comment early.
  return `<!-- cognito-gitops:${command}:${paths.join(" ").replaceAll("--", "- -")} -->`;
}

const FENCE = /^\s*```/;

/** What must be appended to a Markdown prefix so that its open code fence and <details> close. */
function closers(prefix: string): string {
  const lines = prefix.split("\n");
  const fenceOpen = lines.filter((l) => FENCE.test(l)).length % 2 === 1;
  const open = (prefix.match(/<details>/g) ?? []).length - (prefix.match(/<\/details>/g) ?? []).length;
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

/** The comment as posted: the marker, then the Markdown, cut under GitHub's limit when needed. */
export function commentBody(marker: string, markdown: string, pointer: string): string {
  return fitMarkdown(`${marker}\n${markdown}`, COMMENT_LIMIT - 1, pointer);
}

export type CommentDecision =
  | { action: "create" }
  | { action: "update"; id: number }
  | { action: "skip"; id: number };

// A cut comment links to its run's job summary; a new run of the same plan is no change.
function comparable(body: string): string {
  return body
    .replaceAll("\r\n", "\n")
    .replace(/\/actions\/runs\/\d+(?:\/attempts\/\d+)?/g, "/actions/runs/*");
}

/** Who posts with the workflow's default token. */
export const DEFAULT_AUTHOR = "github-actions[bot]";

/**
 * Create when none of our comments carries the marker, skip when the first that does already
 * says this, else edit it. Only comments by `author` count: anyone can copy a marker.
 */
export function decideComment(
  existing: readonly IssueComment[],
  marker: string,
  body: string,
  author: string = DEFAULT_AUTHOR,
): CommentDecision {
  const mine = existing.find((c) => {
    if (c.author !== undefined && c.author !== author) return false;
    const b = comparable(c.body);
    return b === marker || b.startsWith(`${marker}\n`);
  });
  if (!mine) return { action: "create" };
  return comparable(mine.body) === comparable(body)
    ? { action: "skip", id: mine.id }
    : { action: "update", id: mine.id };
}

/** Posts or edits the sticky comment; returns what was done. */
export async function upsertComment(
  github: GitHub,
  target: { repo: string; issue: number },
  marker: string,
  body: string,
): Promise<CommentDecision> {
  const author = (await github.currentLogin()) ?? DEFAULT_AUTHOR;
  const existing = await github.listIssueComments(target.repo, target.issue);
  const decision = decideComment(existing, marker, body, author);
  if (decision.action === "create") await github.createIssueComment(target.repo, target.issue, body);
  else if (decision.action === "update") await github.updateIssueComment(target.repo, decision.id, body);
  return decision;
}
