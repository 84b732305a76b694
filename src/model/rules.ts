/**
 * The rules AWS enforces on an app client that a JSON Schema cannot say, and the warnings worth
 * giving. One table of rows (the rows live in rules/ by topic); each row declares its severity.
 * Checked twice: offline on a spec (a row runs when the spec sets every field it involves), and
 * at plan time on the configuration that would be sent (live fields with the spec laid over them).
 */
import {
  DEFAULT_TOKEN_UNIT,
  DURATION_FIELDS,
  FIELD_BY_KEY,
  FIELDS,
  type FieldDef,
  type FieldKey,
  type TokenKind,
} from "./fields.js";
import { durationSeconds, secondsText } from "./normalize.js";
import { AUTH_FLOW_RULES } from "./rules/auth-flows.js";
import { OAUTH_RULES } from "./rules/oauth.js";
import type { Rule, RuleContext, RuleInput, Violation } from "./rules/types.js";
import { list } from "./rules/types.js";
import { URL_RULES } from "./rules/urls.js";

export type { Finding, RuleContext, RuleInput, Severity, Violation } from "./rules/types.js";
export { urlProblem } from "./rules/urls.js";

const TOKEN_RULES: readonly Rule[] = DURATION_FIELDS.map((field): Rule => {
  const kind = field.kind;
  return {
    id: "token-validity-range",
    severity: "error",
    fields: [field.key],
    check: (s) => {
      const value = s[field.key];
      if (typeof value !== "number") return [];
      const unit = s.tokenValidityUnits?.[kind.token] ?? DEFAULT_TOKEN_UNIT[kind.token];
      const seconds = durationSeconds(field, s) ?? 0; // 0 for a refresh token is AWS's default, 30 days
      if (seconds >= kind.minSeconds && seconds <= kind.maxSeconds) return [];
      return [
        {
          pointer: `/${field.key}`,
          message: `${field.key} ${value} ${unit} is out of range: AWS allows ${secondsText(kind.minSeconds)} to ${secondsText(kind.maxSeconds)}`,
        },
      ];
    },
  };
});

/** AWS counts a list's items as sent; the tool sends sets without duplicates. */
const LIST_SIZE_RULES: readonly Rule[] = (FIELDS as readonly FieldDef[]).flatMap((field): Rule[] => {
  const max = field.kind.type === "set" ? field.kind.maxItems : undefined;
  if (max === undefined) return [];
  const key = field.key as FieldKey;
  return [
    {
      id: "list-size",
      severity: "error",
      fields: [key],
      check: (s) => {
        const n = new Set(list(s, key)).size;
        return n > max
          ? [{ pointer: `/${key}`, message: `${key} has ${n} different entries; AWS allows at most ${max}` }]
          : [];
      },
    },
  ];
});

/** clientName's length and pattern, from the field table. */
function nameLimits(): { min: number; max: number; pattern: RegExp } {
  const kind = FIELD_BY_KEY.get("clientName")?.kind;
  if (
    kind?.type !== "string" ||
    kind.minLength === undefined ||
    kind.maxLength === undefined ||
    !kind.pattern
  ) {
    throw new Error("the field table gives clientName no length or pattern");
  }
  return { min: kind.minLength, max: kind.maxLength, pattern: new RegExp(kind.pattern) };
}

const NAME = nameLimits();

const OTHER_RULES: readonly Rule[] = [
  {
    // Offline the schema says it; at plan time the name may be the live one.
    id: "client-name",
    severity: "error",
    fields: ["clientName"],
    planTimeOnly: true,
    check: (s) =>
      typeof s.clientName === "string" &&
      (s.clientName.length < NAME.min || s.clientName.length > NAME.max || !NAME.pattern.test(s.clientName))
        ? [
            {
              pointer: "/clientName",
              message: `clientName "${s.clientName}" must be ${NAME.min}-${NAME.max} characters of letters, digits, ASCII spaces and + = , . @ -`,
            },
          ]
        : [],
  },
  {
    id: "analytics-configuration",
    severity: "error",
    fields: ["analyticsConfiguration"],
    check: (s) => {
      const a = s.analyticsConfiguration;
      if (!a) return [];
      const message = a.applicationArn
        ? a.applicationId
          ? "analyticsConfiguration takes applicationArn or applicationId, not both"
          : undefined
        : !a.applicationId || !a.roleArn || !a.externalId
          ? "analyticsConfiguration needs applicationArn, or applicationId with roleArn and externalId"
          : undefined;
      return message ? [{ pointer: "/analyticsConfiguration", message }] : [];
    },
  },
  {
    id: "propagate-user-context-needs-secret",
    severity: "error",
    fields: ["enablePropagateAdditionalUserContextData"],
    planTimeOnly: true,
    check: (s, ctx) =>
      s.enablePropagateAdditionalUserContextData === true && ctx.hasSecret === false
        ? [
            {
              pointer: "/enablePropagateAdditionalUserContextData",
              message:
                "enablePropagateAdditionalUserContextData needs a client with a secret; this client has none",
            },
          ]
        : [],
  },
];

/** Every rule row. A new rule is one row in one of these tables. */
export const RULES: readonly Rule[] = [
  ...URL_RULES,
  ...TOKEN_RULES,
  ...OAUTH_RULES,
  ...AUTH_FLOW_RULES,
  ...LIST_SIZE_RULES,
  ...OTHER_RULES,
];

function run(rule: Rule, s: RuleInput, ctx: RuleContext): Violation[] {
  return rule.check(s, ctx).map((f) => ({ ...f, rule: rule.id, severity: rule.severity }));
}

/**
 * Offline: the rules whose fields the spec sets, plus the spec-only rules. `written` is the spec
 * as written, when `spec` holds only the fields that passed the schema.
 */
export function checkSpecRules(spec: RuleInput, written: object = spec): Violation[] {
  const out: Violation[] = [];
  for (const rule of RULES) {
    if (rule.planTimeOnly) continue;
    if (rule.fields.every((f) => spec[f] !== undefined && spec[f] !== null)) out.push(...run(rule, spec, {}));
  }
  for (const field of DURATION_FIELDS) {
    const token: TokenKind = field.kind.token;
    if (spec.tokenValidityUnits?.[token] !== undefined && !(field.key in written)) {
      out.push({
        rule: "unit-without-value",
        severity: "error",
        pointer: `/tokenValidityUnits/${token}`,
        message: `tokenValidityUnits.${token} is set but ${field.key} is not; a unit is managed together with its value`,
      });
    }
  }
  return out;
}

/** At plan time: every rule, on the configuration that would be sent. */
export function checkMergedRules(merged: RuleInput, ctx: RuleContext): Violation[] {
  return RULES.flatMap((rule) => run(rule, merged, ctx));
}
