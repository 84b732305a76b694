/** Seeds an emulator through the real SDK: a pool and clients from spec-form settings. */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { dump } from "js-yaml";
import { toApi } from "../../src/model/convert.js";
import type { Settings } from "../../src/model/settings.js";
import type { StrictEmulator } from "./strict-emulator.js";

export function sdk(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

export async function createPool(client: CognitoIdentityProviderClient, name: string): Promise<string> {
  const out = await client.send(new CreateUserPoolCommand({ PoolName: name }));
  return out.UserPool?.Id ?? "";
}

export async function createClient(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  settings: Settings & { clientName: string },
  options: { secret?: boolean } = {},
): Promise<{ clientId: string; secret?: string }> {
  const out = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ...(toApi(settings) as { ClientName: string }),
      ...(options.secret ? { GenerateSecret: true } : {}),
    }),
  );
  const secret = out.UserPoolClient?.ClientSecret;
  return { clientId: out.UserPoolClient?.ClientId ?? "", ...(secret ? { secret } : {}) };
}

/** A change made "in the console": a whole-configuration update, as the console sends. */
export async function consoleEdit(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId: string,
  settings: Settings,
): Promise<void> {
  await client.send(
    new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId, ...toApi(settings) }),
  );
}

/** The old and new callback URLs of driftedClients. */
export const OLD_CALLBACK = "https://old.example.com/cb";
export const NEW_CALLBACK = "https://new.example.com/cb";

/**
 * `n` OAuth clients c0, c1, ... with OLD_CALLBACK, created directly in an emulator, and a spec
 * folder asking NEW_CALLBACK of those `drift` picks (all by default). Returns their IDs in order.
 */
export function driftedClients(
  emu: Pick<StrictEmulator, "createClient">,
  pool: string,
  n: number,
  drift: (i: number) => boolean = () => true,
): { ids: string[]; dir: string } {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { ClientId } = emu.createClient(pool, {
      ClientName: `c${i}`,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: [OLD_CALLBACK],
    });
    ids.push(ClientId);
  }
  const clients = ids.map((_, i) => ({
    clientName: `c${i}`,
    allowedOAuthFlowsUserPoolClient: true,
    callbackURLs: [drift(i) ? NEW_CALLBACK : OLD_CALLBACK],
  }));
  return { ids, dir: specDir({ "pool.yaml": { userPoolId: pool, clients } }) };
}

/** Writes spec files into a fresh folder and returns it. */
export function specDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "cg-specs-"));
  for (const [name, doc] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof doc === "string" ? doc : dump(doc));
  }
  return dir;
}
