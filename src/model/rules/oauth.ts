/** OAuth flows and scopes: what UpdateUserPoolClient refuses about them. */
import type { Rule, RuleInput } from "./types.js";
import { list } from "./types.js";

/** The scopes Cognito itself defines; every other scope is `resource-server-identifier/scope-name`. */
export const STANDARD_SCOPES: readonly string[] = [
  "openid",
  "email",
  "phone",
  "profile",
  "aws.cognito.signin.user.admin",
];

/** A resource-server scope split at its last slash, or undefined when the scope is not one. */
export function resourceScope(scope: string): { server: string; name: string } | undefined {
  const slash = scope.lastIndexOf("/");
  if (slash <= 0 || slash === scope.length - 1) return undefined;
  return { server: scope.slice(0, slash), name: scope.slice(slash + 1) };
}

const flag = (s: RuleInput) => s.allowedOAuthFlowsUserPoolClient === true;

export const OAUTH_RULES: readonly Rule[] = [
  {
    id: "client-credentials-alone",
    severity: "error",
    fields: ["allowedOAuthFlows"],
    check: (s) => {
      const flows = new Set(list(s, "allowedOAuthFlows"));
      if (!flows.has("client_credentials") || flows.size === 1) return [];
      return [
        {
          pointer: "/allowedOAuthFlows",
          message: "allowedOAuthFlows: client_credentials cannot be combined with code or implicit",
        },
      ];
    },
  },
  {
    id: "client-credentials-needs-secret",
    severity: "error",
    fields: ["allowedOAuthFlows"],
    planTimeOnly: true,
    check: (s, ctx) =>
      list(s, "allowedOAuthFlows").includes("client_credentials") && ctx.hasSecret === false
        ? [
            {
              pointer: "/allowedOAuthFlows",
              message:
                "allowedOAuthFlows: client_credentials needs a client with a secret; this client has none (AWS: InvalidOAuthFlowException)",
            },
          ]
        : [],
  },
  {
    id: "client-credentials-resource-scopes",
    severity: "error",
    fields: ["allowedOAuthFlows", "allowedOAuthScopes"],
    check: (s) => {
      if (!list(s, "allowedOAuthFlows").includes("client_credentials")) return [];
      return list(s, "allowedOAuthScopes").flatMap((scope, i) =>
        STANDARD_SCOPES.includes(scope)
          ? [
              {
                pointer: `/allowedOAuthScopes/${i}`,
                message: `allowedOAuthScopes entry "${scope}" is a user scope; with client_credentials AWS allows resource-server scopes (identifier/scope-name) only`,
              },
            ]
          : [],
      );
    },
  },
  {
    id: "scope-format",
    severity: "error",
    fields: ["allowedOAuthScopes"],
    check: (s) =>
      list(s, "allowedOAuthScopes").flatMap((scope, i) => {
        if (STANDARD_SCOPES.includes(scope) || resourceScope(scope)) return [];
        const standard = STANDARD_SCOPES.find((x) => x.toLowerCase() === scope.toLowerCase());
        const hint = standard ? `; did you mean "${standard}"?` : "";
        return [
          {
            pointer: `/allowedOAuthScopes/${i}`,
            message: `allowedOAuthScopes entry "${scope}" is neither a standard scope (${STANDARD_SCOPES.join(", ")}) nor a resource-server scope (identifier/scope-name)${hint}`,
          },
        ];
      }),
  },
  ...(["allowedOAuthFlows", "allowedOAuthScopes", "callbackURLs", "logoutURLs"] as const).map(
    (key): Rule => ({
      id: "oauth-needs-user-pool-client-flag",
      severity: "error",
      fields: ["allowedOAuthFlowsUserPoolClient", key],
      check: (s) =>
        flag(s) || list(s, key).length === 0
          ? []
          : [{ pointer: `/${key}`, message: `${key} needs allowedOAuthFlowsUserPoolClient: true` }],
    }),
  ),
  ...(["allowedOAuthFlows", "allowedOAuthScopes"] as const).map(
    (key): Rule => ({
      id: "user-pool-client-flag-needs-flows-and-scopes",
      severity: "error",
      fields: ["allowedOAuthFlowsUserPoolClient", key],
      check: (s) =>
        flag(s) && list(s, key).length === 0
          ? [
              {
                pointer: `/${key}`,
                message: `allowedOAuthFlowsUserPoolClient: true needs ${key}; AWS requires allowedOAuthFlows and allowedOAuthScopes when a client may use OAuth`,
              },
            ]
          : [],
    }),
  ),
];
