/** `validate`: every error in every spec file, in one run. */
import { compareDiagnostics, type Diagnostic } from "../spec/diagnostics.js";
import { findDuplicates, type SpecFile } from "../spec/load.js";
import { readSpecs } from "./files.js";

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

export async function validate(paths: readonly string[], cwd: string): Promise<ValidationReport> {
  const { results, skipped } = await readSpecs(paths, cwd);
  const specs = results.flatMap((r) => (r.spec ? [r.spec] : []));
  const errors = [...results.flatMap((r) => r.diagnostics), ...findDuplicates(specs)].sort(
    compareDiagnostics,
  );
  return {
    valid: errors.length === 0,
    files: results.length,
    clients: specs.reduce((n, s) => n + s.clients.length, 0),
    errors,
    skipped,
    specs,
  };
}
