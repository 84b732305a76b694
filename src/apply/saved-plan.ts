/** Saved plans (`plan --out`): reading one back, and refusing clients that moved on since. Pure. */
import { GitopsError } from "../errors.js";
import { type ClientPlan, type ErrorEntry, failEntry } from "../plan/model.js";

export type SavedClient = Pick<
  ClientPlan,
  "userPoolId" | "clientId" | "clientName" | "action" | "fingerprint" | "specFingerprint"
> &
  Partial<Pick<ClientPlan, "region" | "source">>;
export type SavedPlan = { clients: SavedClient[] };

/** Parses a saved plan file's text; a file that is not one is a clear error. */
export function parseSavedPlan(text: string, file: string): SavedPlan {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new GitopsError(
      "BadPlanFile",
      `${file} is not JSON; make it with 'cognito-gitops plan --out ${file}'`,
    );
  }
  const d = doc as { formatVersion?: unknown; clients?: unknown };
  if (d?.formatVersion !== 1 || !Array.isArray(d.clients)) {
    throw new GitopsError(
      "BadPlanFile",
      `${file} is not a cognito-gitops plan (formatVersion 1); make it with 'cognito-gitops plan --out ${file}'`,
    );
  }
  const entries = d.clients as unknown[];
  const bad = entries.findIndex(
    (c) =>
      typeof c !== "object" ||
      c === null ||
      typeof (c as SavedClient).userPoolId !== "string" ||
      typeof (c as SavedClient).action !== "string",
  );
  if (bad >= 0) {
    throw new GitopsError(
      "BadPlanFile",
      `${file}: clients[${bad}] is not a planned client; make the file again with plan --out`,
    );
  }
  return { clients: entries as SavedClient[] };
}

/** Which client an entry is: its pool and client ID (none yet for a client still to be created). */
export function clientKey(c: { userPoolId: string; clientId?: string | undefined }): string {
  return `${c.userPoolId}\u0000${c.clientId ?? ""}`;
}

/**
 * Holds the current plan to a saved one: a client may be updated only when the saved plan said
 * so, and its live state and spec are still those the saved plan saw.
 */
export function holdToSavedPlan(current: ClientPlan, saved: SavedPlan): ClientPlan {
  if (current.action !== "update") return current;
  const was = saved.clients.find((c) => clientKey(c) === clientKey(current));
  if (was?.action !== "update") {
    return failEntry(current, {
      code: "NotInPlan",
      message: "the saved plan does not update this client; run plan again to review the change",
    });
  }
  const moved =
    was.fingerprint !== current.fingerprint
      ? "its live configuration changed since the plan was made"
      : was.specFingerprint !== current.specFingerprint
        ? "its spec changed since the plan was made"
        : undefined;
  if (!moved) return current;
  return failEntry(current, { code: "StalePlan", message: `${moved}; run plan again` });
}

/** The part of the specs a run looks at (--pool, --client); empty means all. */
export type Selectors = {
  pools?: readonly string[] | undefined;
  clientNames?: readonly string[] | undefined;
};

/**
 * Clients the saved plan updates that the current plan no longer holds: their spec was deleted
 * (or renamed) after the review. Each is a StalePlan error, so the apply cannot pass for complete.
 */
export function vanishedUpdates(
  saved: SavedPlan,
  current: readonly { userPoolId: string; clientId?: string | undefined; clientName?: string | undefined }[],
  only: Selectors,
): ErrorEntry[] {
  const pools = new Set(only.pools ?? []);
  const names = new Set(only.clientNames ?? []);
  const ids = new Set(current.map((c) => clientKey(c)));
  const namesNow = new Set(current.map((c) => `${c.userPoolId}\u0000${c.clientName ?? ""}`));
  return saved.clients
    .filter((c) => c.action === "update" && (pools.size === 0 || pools.has(c.userPoolId)))
    .filter((c) => names.size === 0 || names.has(c.clientName ?? ""))
    .filter((c) => !ids.has(clientKey(c)) && !namesNow.has(`${c.userPoolId}\u0000${c.clientName ?? ""}`))
    .map((c) => ({
      userPoolId: c.userPoolId,
      region: typeof c.region === "string" ? c.region : "",
      ...(c.clientId !== undefined ? { clientId: c.clientId } : {}),
      ...(c.clientName !== undefined ? { clientName: c.clientName } : {}),
      source: c.source ?? { file: "(saved plan)", line: 0 },
      changes: [],
      patch: [],
      risks: [],
      specFingerprint: c.specFingerprint,
      action: "error",
      error: {
        code: "StalePlan",
        message:
          "the saved plan updates this client, but no spec names it any more (deleted or renamed since the plan was made); it was not changed: run plan again",
      },
    }));
}
