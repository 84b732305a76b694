/** Renders a validation report: `FILE:LINE:COLUMN: message` lines, or JSON. */
import type { ValidationReport } from "../commands/validate.js";
import { formatDiagnostic } from "../spec/diagnostics.js";

export function renderValidationText(report: ValidationReport): string {
  const lines = report.errors.map(formatDiagnostic);
  const files = `${report.files} file${report.files === 1 ? "" : "s"}`;
  const clients = `${report.clients} client${report.clients === 1 ? "" : "s"}`;
  lines.push(
    report.valid
      ? `Valid: ${files}, ${clients}.`
      : `Invalid: ${report.errors.length} error${report.errors.length === 1 ? "" : "s"} in ${files}.`,
  );
  return `${lines.join("\n")}\n`;
}

export function renderValidationJson(report: ValidationReport): string {
  const { valid, files, clients, errors } = report;
  return `${JSON.stringify({ valid, files, clients, errors }, null, 2)}\n`;
}
