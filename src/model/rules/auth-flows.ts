/**
 * Explicit auth flows and refresh token rotation. Since 2025 a client with refresh token rotation
 * must not allow ALLOW_REFRESH_TOKEN_AUTH (AWS developer guide, "Refresh tokens": rotation "isn't
 * compatible with the authentication flow REFRESH_TOKEN_AUTH ... you must disable this
 * authentication flow"); without rotation, leaving it out only means tokens cannot be refreshed
 * with InitiateAuth. Neither is documented as a reason UpdateUserPoolClient refuses a request,
 * so both are warnings.
 */
import { LEGACY_AUTH_FLOWS } from "../fields.js";
import type { Rule, RuleInput } from "./types.js";

const REFRESH = "ALLOW_REFRESH_TOKEN_AUTH";

const flows = (s: RuleInput): string[] => s.explicitAuthFlows ?? [];
const rotating = (s: RuleInput) => s.refreshTokenRotation?.feature === "ENABLED";
/** ALLOW_* values only, at least one: the flows AWS takes as given (an empty list means its defaults). */
const allowOnly = (s: RuleInput) =>
  flows(s).length > 0 && flows(s).every((f) => !LEGACY_AUTH_FLOWS.includes(f));

export const AUTH_FLOW_RULES: readonly Rule[] = [
  {
    id: "no-mixed-auth-flows",
    severity: "error",
    fields: ["explicitAuthFlows"],
    check: (s) => {
      const legacy = flows(s).filter((f) => LEGACY_AUTH_FLOWS.includes(f));
      if (legacy.length === 0 || legacy.length === flows(s).length) return [];
      return [
        {
          pointer: "/explicitAuthFlows",
          message: `explicitAuthFlows mixes legacy values (${legacy.join(", ")}) with ALLOW_* values; use ALLOW_* values only`,
        },
      ];
    },
  },
  {
    id: "refresh-token-auth-missing",
    severity: "warning",
    fields: ["explicitAuthFlows", "refreshTokenRotation"],
    check: (s) =>
      allowOnly(s) && !rotating(s) && !flows(s).includes(REFRESH)
        ? [
            {
              pointer: "/explicitAuthFlows",
              message: `explicitAuthFlows has no ${REFRESH} and refresh token rotation is off: this client's tokens cannot be refreshed`,
            },
          ]
        : [],
  },
  {
    id: "rotation-with-refresh-token-auth",
    severity: "warning",
    fields: ["explicitAuthFlows", "refreshTokenRotation"],
    check: (s) =>
      rotating(s) && flows(s).includes(REFRESH)
        ? [
            {
              pointer: "/explicitAuthFlows",
              message: `explicitAuthFlows allows ${REFRESH}, which AWS documents as incompatible with refresh token rotation: rotating clients refresh with GetTokensFromRefreshToken; remove ${REFRESH}`,
            },
          ]
        : [],
  },
];
