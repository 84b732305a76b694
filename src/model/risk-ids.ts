/**
 * The vocabulary of the security review: rule ids and severities. The rules themselves (what each
 * flags, and how it says so) are the one table in plan/risks.ts; the ids live here because a
 * spec's `acceptRisks` names them and the JSON Schema, built from model/, lists them.
 */

export const SEVERITIES = ["high", "medium", "low"] as const;
export type RiskSeverity = (typeof SEVERITIES)[number];

export const RISK_RULE_IDS = [
  "new-redirect-domain",
  "implicit-flow",
  "token-revocation-off",
  "custom-attribute-writable",
  "password-auth",
  "user-existence-errors",
  "refresh-rotation-off",
  "admin-scope",
  "loopback-redirect",
  "writable-attribute",
  "longer-tokens",
  "new-identity-provider",
] as const;
export type RiskRuleId = (typeof RISK_RULE_IDS)[number];

/** Whether `severity` is `level` or above it (high > medium > low). */
export function atOrAbove(severity: RiskSeverity, level: RiskSeverity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(level);
}
