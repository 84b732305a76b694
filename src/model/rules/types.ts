/** The shape of a rule row: what AWS (or good sense) says about a client's settings. */
import type { FieldKey } from "../fields.js";
import type { Settings } from "../settings.js";

/** An error stops the client (offline: the file); a warning is shown and the run goes on. */
export type Severity = "error" | "warning";

/** The settings a rule looks at: a spec's, or the merged configuration. */
export type RuleInput = Settings;

export type RuleContext = {
  /** Whether the live client has a secret; unknown offline. */
  hasSecret?: boolean;
};

/** What one rule found: where (a JSON Pointer relative to the client, such as `/callbackURLs/1`) and why. */
export type Finding = { pointer: string; message: string };

export type Violation = Finding & { rule: string; severity: Severity };

export type Rule = {
  id: string;
  severity: Severity;
  /** The fields the rule involves; offline it runs only when the spec sets all of them. */
  fields: readonly FieldKey[];
  /**
   * Checked at plan time only: it needs facts only the live client has, or the schema already
   * says it offline.
   */
  planTimeOnly?: boolean;
  check(s: RuleInput, ctx: RuleContext): Finding[];
};

export function list(s: RuleInput, key: FieldKey): string[] {
  const v = (s as Record<string, unknown>)[key];
  return Array.isArray(v) ? (v as string[]) : [];
}
