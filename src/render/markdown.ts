/** Markdown building blocks for PR comments and job summaries. Spec and AWS text is quoted safely. */

/** Text in a table cell: no HTML can open, no `|` splits the row, no newline ends it. */
export function cell(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** Text as inline code inside a cell (an HTML element, so `|` and backticks stay literal). */
export function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

/** Text inside a ``` fence: it must not close the fence. */
export function fenceSafe(text: string): string {
  return text.replaceAll("```", "'''");
}
