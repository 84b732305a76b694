/**
 * Rules that need the pool's own settings (DescribeUserPool, ListIdentityProviders,
 * ListResourceServers), checked at plan time on the configuration that would be sent. Pure: the
 * pool is read by the caller. A rule whose part of the pool was not read is skipped.
 */
import type { FieldKey } from "../model/fields.js";
import type { PoolContext } from "../model/pool.js";
import { resourceScope, STANDARD_SCOPES } from "../model/rules/oauth.js";
import { list } from "../model/rules/types.js";
import type { RuleInput, Violation } from "../model/rules.js";
import { closest } from "../specfile/suggest.js";

/** A rule on one field: `check` says what is wrong with it, one message per finding. */
type PoolRule = {
  id: string;
  field: FieldKey;
  check(s: RuleInput, pool: PoolContext): string[];
};

/** A list field's entries, each once. */
function entries(s: RuleInput, field: FieldKey): string[] {
  return [...new Set(list(s, field))];
}

function didYouMean(value: string, candidates: readonly string[]): string {
  const hint = closest(value, candidates);
  return hint && hint !== value ? `; did you mean "${hint}"?` : "";
}

function names(items: readonly string[]): string {
  return items.length > 0 ? [...items].sort().join(", ") : "none";
}

const attributeRule = (field: "readAttributes" | "writeAttributes"): PoolRule => ({
  id: "pool-attributes",
  field,
  check: (s, pool) => {
    const attrs = pool.attributes;
    if (!attrs) return [];
    return entries(s, field).flatMap((a) => {
      if (attrs.includes(a)) return [];
      const custom = a.startsWith("custom:");
      const same = attrs.filter((x) => x.startsWith("custom:") === custom);
      // A custom attribute is named with its prefix in an app client: "department" is not "custom:department".
      const hint =
        !custom && attrs.includes(`custom:${a}`) ? `; did you mean "custom:${a}"?` : didYouMean(a, attrs);
      return [
        `${field} entry "${a}" is not an attribute of user pool ${pool.userPoolId}${hint} (its ${custom ? "custom" : "standard"} attributes: ${names(same)})`,
      ];
    });
  },
});

/** Every rule that needs the pool. A new one is one row. */
const POOL_RULES: readonly PoolRule[] = [
  attributeRule("readAttributes"),
  attributeRule("writeAttributes"),
  {
    id: "pool-identity-providers",
    field: "supportedIdentityProviders",
    check: (s, pool) => {
      const idps = pool.identityProviders;
      if (!idps) return [];
      return entries(s, "supportedIdentityProviders").flatMap((p) =>
        p === "COGNITO" || idps.includes(p)
          ? []
          : [
              `supportedIdentityProviders entry "${p}" is not an identity provider of user pool ${pool.userPoolId}${didYouMean(p, ["COGNITO", ...idps])} (it has: COGNITO${idps.length > 0 ? `, ${names(idps)}` : ""})`,
            ],
      );
    },
  },
  {
    id: "pool-resource-scopes",
    field: "allowedOAuthScopes",
    check: (s, pool) => {
      const servers = pool.resourceServers;
      if (!servers) return [];
      return entries(s, "allowedOAuthScopes").flatMap((scope) => {
        const parts = resourceScope(scope);
        if (STANDARD_SCOPES.includes(scope) || !parts) return [];
        const server = servers.find((r) => r.identifier === parts.server);
        if (!server) {
          const ids = servers.map((r) => r.identifier);
          return [
            `allowedOAuthScopes entry "${scope}": user pool ${pool.userPoolId} has no resource server "${parts.server}"${didYouMean(parts.server, ids)} (its resource servers: ${names(ids)})`,
          ];
        }
        if (server.scopes.includes(parts.name)) return [];
        return [
          `allowedOAuthScopes entry "${scope}": resource server "${server.identifier}" of user pool ${pool.userPoolId} has no scope "${parts.name}"${didYouMean(parts.name, server.scopes)} (its scopes: ${names(server.scopes)})`,
        ];
      });
    },
  },
  {
    id: "pool-tier",
    field: "explicitAuthFlows",
    check: (s, pool) =>
      pool.tier === "LITE" && entries(s, "explicitAuthFlows").includes("ALLOW_USER_AUTH")
        ? [
            `explicitAuthFlows entry "ALLOW_USER_AUTH" needs the Essentials tier or higher; user pool ${pool.userPoolId} is on the LITE tier (AWS: FeatureUnavailableInTierException)`,
          ]
        : [],
  },
];

/** Every pool rule on the configuration that would be sent. */
export function checkPoolRules(merged: RuleInput, pool: PoolContext): Violation[] {
  return POOL_RULES.flatMap((rule) =>
    rule
      .check(merged, pool)
      .map(
        (message): Violation => ({ pointer: `/${rule.field}`, message, rule: rule.id, severity: "error" }),
      ),
  );
}
