import type { Severity } from "../model/rules.js";
import { visible } from "../text.js";

/** A problem found in a spec file, with where it is. */
export type Diagnostic = {
  file: string;
  line: number;
  column: number;
  /** Spec path such as `clients[2].callbackURLs[0]`; empty for the whole file. */
  path: string;
  /** A stable rule id, such as `schema.enum` or `default-redirect-in-callbacks`. */
  rule: string;
  severity: Severity;
  message: string;
};

export function diagnostic(
  file: string,
  line: number,
  column: number,
  path: string,
  rule: string,
  message: string,
  severity: Severity = "error",
): Diagnostic {
  return { file, line, column, path, rule, severity, message };
}

/** A key as one token of a JSON Pointer (RFC 6901): `~` and `/` escaped. */
export function pointerToken(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The keys a JSON Pointer names, unescaped: `/a~1b/0` -> `["a/b", "0"]`. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `/clients/2/callbackURLs/0` -> `clients[2].callbackURLs[0]`. */
export function pointerToPath(pointer: string): string {
  let out = "";
  for (const token of pointerKeys(pointer)) {
    if (/^\d+$/.test(token)) out += `[${token}]`;
    else out += out === "" ? token : `.${token}`;
  }
  return out;
}

/**
 * `FILE:LINE:COLUMN: message (path)`, the form editors and CI annotate; warnings say so; hidden
 * characters shown.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path ? ` (${d.path})` : "";
  const kind = d.severity === "warning" ? "warning: " : "";
  return visible(`${d.file}:${d.line}:${d.column}: ${kind}${d.message}${where}`);
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
