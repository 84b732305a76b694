/** Renders a validation report: `FILE:LINE:COLUMN: message` lines, or JSON. */
import type { ValidationReport } from "../commands/validate.js";
import { formatDiagnostic } from "../spec/diagnostics.js";

export function renderValidationText(report: ValidationReport): string {
  const lines = report.errors.map(formatDiagnostic);
  const files = `${report.files} file${report.files === 1 ? "" : "s"}`;
  const clients = `${report.clients} client${report.clients === 1 ? "" : "s"}`;
  const skipped =
    report.skipped.length > 0
      ? ` Skipped ${report.skipped.length} other YAML file${report.skipped.length === 1 ? "" : "s"} (no userPoolId or clients): ${report.skipped.join(", ")}.`
      : "";
  lines.push(
    report.valid
      ? `Valid: ${files}, ${clients}.${skipped}`
      : `Invalid: ${report.errors.length} error${report.errors.length === 1 ? "" : "s"} in ${files}.${skipped}`,
  );
  return `${lines.join("\n")}\n`;
}

export function renderValidationJson(report: ValidationReport): string {
  const { valid, files, clients, errors, skipped } = report;
  return `${JSON.stringify({ valid, files, clients, errors, skipped }, null, 2)}\n`;
}
