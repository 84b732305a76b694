/** What validate found in a set of spec files: every diagnostic, and the specs that passed. Pure. */
import { compareDiagnostics, type Diagnostic } from "./diagnostics.js";
import { findDuplicates } from "./duplicates.js";
import type { LoadResult, SpecFile } from "./load.js";

export type ValidationReport = {
  valid: boolean;
  files: number;
  clients: number;
  errors: Diagnostic[];
  /** Reported, but the specs stay valid (such as a client whose tokens cannot be refreshed). */
  warnings: Diagnostic[];
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
  const all = [...results.flatMap((r) => r.diagnostics), ...findDuplicates(specs)].sort(compareDiagnostics);
  const errors = all.filter((d) => d.severity === "error");
  return {
    valid: errors.length === 0,
    files: results.length,
    clients: specs.reduce((n, s) => n + s.clients.length, 0),
    errors,
    warnings: all.filter((d) => d.severity === "warning"),
    skipped: [...skipped],
    specs,
  };
}
