/** Live clients as a ready-to-commit spec file (export). No secret and no read-only field is written. */
import { dump } from "js-yaml";
import { fromApi } from "../model/convert.js";
import { DURATION_FIELDS, FIELDS } from "../model/fields.js";
import type { LiveClient } from "../model/live.js";
import type { ClientSpec } from "../model/types.js";

/** The spec of one live client: its ID, name, and every updatable field it has. */
export function clientToSpec(live: LiveClient): ClientSpec {
  const settings = fromApi(live.config) as Record<string, unknown>;
  const spec: Record<string, unknown> = { clientName: live.clientName, clientId: live.clientId };
  for (const f of FIELDS) {
    const v = settings[f.key];
    if (f.key !== "clientName" && v !== undefined && !(Array.isArray(v) && v.length === 0)) spec[f.key] = v;
  }
  const units: Record<string, string> = {};
  for (const d of DURATION_FIELDS) {
    const unit = (settings.tokenValidityUnits as Record<string, string> | undefined)?.[d.kind.token];
    if (unit !== undefined && settings[d.key] !== undefined) units[d.kind.token] = unit;
  }
  if (Object.keys(units).length > 0) spec.tokenValidityUnits = units;
  return spec as ClientSpec;
}

export function renderSpecYaml(
  userPoolId: string,
  region: string | undefined,
  clients: readonly LiveClient[],
  schemaRef: string,
): string {
  const doc = {
    userPoolId,
    ...(region ? { region } : {}),
    clients: clients.map(clientToSpec),
  };
  const header = [
    `# yaml-language-server: $schema=${schemaRef}`,
    `# Exported by cognito-gitops from user pool ${userPoolId}. Every field below is managed;`,
    "# delete the ones another system owns (or list them under ignore:).",
  ].join("\n");
  return `${header}\n${dump(doc, { lineWidth: 120, noRefs: true })}`;
}
