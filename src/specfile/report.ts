/** What validate found in a set of spec files: every diagnostic, and the specs that passed. Pure. */
import { compareDiagnostics, type Diagnostic } from "./diagnostics.js";
import { findDuplicates } from "./duplicates.js";
import type { LoadResult, SpecFile } from "./load.js";

export type ValidationReport = {
  valid: boolean;
  files: number;
  clients: number;
  errors: Diagnostic[];
  /** YAML files found in folders that are not specs (no top-level userPoolId or clients). */
  skipped: string[];
  /** The checked specs; complete only when `valid`. */
  specs: SpecFile[];
};

/** One report over loaded files: their diagnostics, plus clients named twice across files. */
export function validationReport(
  results: readonly LoadResult[],
  skipped: readonly string[],
): ValidationReport {
  const specs = results.flatMap((r) => (r.spec ? [r.spec] : []));
  const errors = [...results.flatMap((r) => r.diagnostics), ...findDuplicates(specs)].sort(
    compareDiagnostics,
  );
  return {
    valid: errors.length === 0,
    files: results.length,
    clients: specs.reduce((n, s) => n + s.clients.length, 0),
    errors,
    skipped: [...skipped],
    specs,
  };
}
