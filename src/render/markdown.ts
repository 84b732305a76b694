/** Markdown building blocks for PR comments and job summaries. Spec and AWS text is quoted safely. */
import { visible } from "../text.js";

/** Text in a table cell: no HTML can open, no `|` splits the row, no newline ends it, nothing hides. */
export function cell(text: string): string {
  return visible(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ");
}

/** Text as inline code inside a cell (an HTML element, so `|` and backticks stay literal). */
export function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

/** Text inside a ``` fence: it must not close the fence, nor hide anything. */
export function fenceSafe(text: string): string {
  return visible(text).replaceAll("```", "'''");
}
