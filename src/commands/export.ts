/** `export`: live clients as spec files, ready to commit. */
import type { CognitoPort } from "../cognito/port.js";
import { GitopsError } from "../errors.js";
import type { LiveClient } from "../model/live.js";
import { renderSpecYaml } from "../render/spec-yaml.js";
import { VERSION } from "../version.js";

/** Where editors can fetch this version's schema, wherever the tool is installed. */
const SCHEMA_URL = `https://unpkg.com/cognito-gitops@${VERSION}/schemas/app-clients.schema.json`;

export type ExportOptions = {
  port: CognitoPort;
  userPoolId: string;
  /** Written into the file when it is not the one the pool ID starts with. */
  region?: string | undefined;
  /** Only these clients; empty means every client of the pool. */
  clientIds?: readonly string[];
};

export type ExportResult = { userPoolId: string; clients: LiveClient[]; yaml: string };

export async function exportPool(options: ExportOptions): Promise<ExportResult> {
  const { port, userPoolId } = options;
  const ids =
    options.clientIds && options.clientIds.length > 0
      ? [...new Set(options.clientIds)] // a client named twice is written once: twice would not validate
      : (await port.listClients(userPoolId)).map((c) => c.clientId);
  if (ids.length === 0) {
    // A spec needs at least one client: an empty file would not even validate.
    throw new GitopsError("NothingToExport", `user pool ${userPoolId} has no app clients; nothing to export`);
  }
  const clients = await Promise.all(ids.map((id) => port.describeClient(userPoolId, id)));
  clients.sort((a, b) => a.clientName.localeCompare(b.clientName) || a.clientId.localeCompare(b.clientId));
  return {
    userPoolId,
    clients,
    yaml: renderSpecYaml(userPoolId, options.region, clients, SCHEMA_URL),
  };
}
