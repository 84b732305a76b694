/** The same client named twice across spec files: an error for the second place, naming the first. */
import type { Diagnostic } from "./diagnostics.js";
import { diagnostic } from "./diagnostics.js";
import { type DeclaredClient, placeOf, type SpecFile } from "./load.js";

function duplicate(c: DeclaredClient, message: string): Diagnostic {
  const { file, line, column, index } = c.source;
  return diagnostic(file, line, column, `clients[${index}]`, "duplicate-client", message);
}

/** The same client (pool + clientId, or pool + clientName without an ID to tell them apart) named twice. */
export function findDuplicates(specs: readonly SpecFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, DeclaredClient>();
  const byName = new Map<string, DeclaredClient[]>();
  for (const file of specs) {
    for (const c of file.clients) {
      const { clientId, clientName } = c.spec;
      if (clientId !== undefined) {
        const key = `${c.userPoolId}\u0000${clientId}`;
        const first = byId.get(key);
        if (first) {
          out.push(
            duplicate(c, `client ${clientId} of pool ${c.userPoolId} is also specified at ${placeOf(first)}`),
          );
        } else byId.set(key, c);
      }
      if (clientName !== undefined) {
        const key = `${c.userPoolId}\u0000${clientName}`;
        const seen = byName.get(key) ?? [];
        // Two of the same name clash unless both have a clientId (same IDs are caught above).
        const clash = seen.find((s) => s.spec.clientId === undefined || clientId === undefined);
        if (clash) {
          out.push(
            duplicate(
              c,
              `client "${clientName}" of pool ${c.userPoolId} is also specified at ${placeOf(clash)}; give both a clientId to tell them apart`,
            ),
          );
        }
        seen.push(c);
        byName.set(key, seen);
      }
    }
  }
  return out;
}
