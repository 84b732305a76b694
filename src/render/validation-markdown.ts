/** Invalid specs for a PR comment or job summary: the closing line, then one table row per error. */
import type { Diagnostic } from "../specfile/diagnostics.js";
import { cell, code } from "./markdown.js";
import { NO_AWS_CALL } from "./validation-text.js";

/** `summary` is the validator's closing line, such as `Invalid: 2 errors in 1 file.` */
export function renderValidationMarkdown(
  title: string,
  summary: string,
  errors: readonly Diagnostic[],
): string {
  const lines = [`### ${title}`, "", `**${summary}** ${NO_AWS_CALL}`, ""];
  if (errors.length > 0) {
    lines.push("| | Where | Error | Spec path |", "|---|---|---|---|");
    for (const d of errors) {
      lines.push(
        `| ❌ | ${code(`${d.file}:${d.line}:${d.column}`)} | ${cell(d.message)} | ${d.path ? code(d.path) : ""} |`,
      );
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
