/** `validate`: every error in every spec file, in one run. */
import { type ValidationReport, validationReport } from "../specfile/report.js";
import { readSpecs } from "./read-specs.js";

export async function validate(paths: readonly string[], cwd: string): Promise<ValidationReport> {
  const { results, skipped } = await readSpecs(paths, cwd);
  return validationReport(results, skipped);
}
