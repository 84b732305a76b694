/** Saved plans (`plan --out`): reading one back, and refusing clients that moved on since. Pure. */
import { GitopsError } from "../errors.js";
import { type ClientPlan, failEntry } from "../plan/model.js";

export type SavedClient = Pick<
  ClientPlan,
  "userPoolId" | "clientId" | "clientName" | "action" | "fingerprint" | "specFingerprint"
>;
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

function key(c: { userPoolId: string; clientId?: string | undefined }): string {
  return `${c.userPoolId}\u0000${c.clientId ?? ""}`;
}

/**
 * Holds the current plan to a saved one: a client may be updated only when the saved plan said
 * so, and its live state and spec are still those the saved plan saw.
 */
export function holdToSavedPlan(current: ClientPlan, saved: SavedPlan): ClientPlan {
  if (current.action !== "update") return current;
  const was = saved.clients.find((c) => key(c) === key(current));
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
