/** Renders a validation report: `FILE:LINE:COLUMN: message` lines, or JSON. */

import { compareDiagnostics, formatDiagnostic } from "../specfile/diagnostics.js";
import type { ValidationReport } from "../specfile/report.js";
import { visible } from "../text.js";
import { plural } from "./values.js";

/** What invalid specs are followed by, wherever they are reported. */
export const NO_AWS_CALL = "No AWS call was made: fix the specs first.";

/** The closing line, such as `Valid: 1 file, 2 clients, 1 warning.` */
export function validationSummary(report: ValidationReport): string {
  const files = plural(report.files, "file");
  const warnings = report.warnings.length > 0 ? `, ${plural(report.warnings.length, "warning")}` : "";
  const skipped =
    report.skipped.length > 0
      ? ` Skipped ${plural(report.skipped.length, "other YAML file")} (no userPoolId or clients): ${visible(report.skipped.join(", "))}.`
      : "";
  return report.valid
    ? `Valid: ${files}, ${plural(report.clients, "client")}${warnings}.${skipped}`
    : `Invalid: ${plural(report.errors.length, "error")}${warnings} in ${files}.${skipped}`;
}

export function renderValidationText(report: ValidationReport): string {
  const lines = [...report.errors, ...report.warnings].sort(compareDiagnostics).map(formatDiagnostic);
  lines.push(validationSummary(report));
  return `${lines.join("\n")}\n`;
}

export function renderValidationJson(report: ValidationReport): string {
  const { valid, files, clients, errors, warnings, skipped } = report;
  return `${JSON.stringify({ valid, files, clients, errors, warnings, skipped }, null, 2)}\n`;
}
