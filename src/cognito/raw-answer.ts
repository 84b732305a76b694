/**
 * The raw body of an answer about a client: the AWS SDK drops members its model does not know, so
 * the members of `UserPoolClient` are read from the bytes AWS sent, before the SDK parses them.
 */
import type { UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import type { LiveClient } from "../model/live.js";
import { memberPaths, toLiveClient } from "./live-client.js";

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/** What a command's raw answer said about its `UserPoolClient`, filled in as the answer arrives. */
export type RawClient = { members?: string[] | undefined };

/** A command's own middleware stack (the SDK types it per command; only `add` is used here). */
// biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types are generic over every command
export type AnyCommand = { middlewareStack: { add(middleware: any, options: any): void } };

/**
 * The SDK drops members its model does not know: look at the raw answer's `UserPoolClient` to find
 * them, so a client holding a newer AWS field is never updated (which would reset that field).
 */
export function watchRawClient(command: AnyCommand): RawClient {
  const raw: RawClient = {};
  command.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: see AnyCommand
    (next: any) => async (args: any) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if ((response.statusCode ?? 0) < 300) {
        const bytes = await readBody(response.body);
        response.body = bytes;
        try {
          const parsed = JSON.parse(new TextDecoder().decode(bytes)) as {
            UserPoolClient?: Record<string, unknown>;
          };
          raw.members = memberPaths(parsed.UserPoolClient ?? {});
        } catch {
          raw.members = undefined;
        }
      }
      return result;
    },
    { step: "deserialize", priority: "low", name: "cognitoGitopsRawMembers" },
  );
  return raw;
}

/**
 * The client from an answer. When its raw body was not read (or did not parse), the typed output
 * cannot stand in: it never shows a member the SDK does not know, so the client is marked unread
 * and planning refuses to update it.
 */
export function liveFromAnswer(userPoolId: string, client: UserPoolClientType, raw: RawClient): LiveClient {
  return toLiveClient(userPoolId, client, raw.members);
}
