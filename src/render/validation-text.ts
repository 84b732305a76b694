/** Renders a validation report: `FILE:LINE:COLUMN: message` lines, or JSON. */

import { formatDiagnostic } from "../specfile/diagnostics.js";
import type { ValidationReport } from "../specfile/report.js";
import { visible } from "../text.js";
import { plural } from "./values.js";

export function renderValidationText(report: ValidationReport): string {
  const lines = report.errors.map(formatDiagnostic);
  const files = plural(report.files, "file");
  const skipped =
    report.skipped.length > 0
      ? ` Skipped ${plural(report.skipped.length, "other YAML file")} (no userPoolId or clients): ${visible(report.skipped.join(", "))}.`
      : "";
  lines.push(
    report.valid
      ? `Valid: ${files}, ${plural(report.clients, "client")}.${skipped}`
      : `Invalid: ${plural(report.errors.length, "error")} in ${files}.${skipped}`,
  );
  return `${lines.join("\n")}\n`;
}

export function renderValidationJson(report: ValidationReport): string {
  const { valid, files, clients, errors, skipped } = report;
  return `${JSON.stringify({ valid, files, clients, errors, skipped }, null, 2)}\n`;
}
