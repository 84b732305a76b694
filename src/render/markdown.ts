/** Markdown building blocks for PR comments and job summaries. Spec and AWS text is quoted safely. */
import { visible } from "../text.js";

/**
 * Text in a table cell: no HTML can open, no `|` splits the row, a line break reads as a space (a
 * multi-line AWS message stays on its row), and any other hidden character shows as \u{...}.
 */
export function cell(text: string): string {
  return visible(text.replace(/\r\n|\r|\n/g, " "))
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll("|", "\\|");
}

/** Text as inline code inside a cell (an HTML element, so `|` and backticks stay literal). */
export function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

/** Text inside a ``` fence: it must not close the fence, nor hide anything. */
export function fenceSafe(text: string): string {
  return visible(text).replaceAll("```", "'''");
}
