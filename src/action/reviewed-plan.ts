/**
 * The reviewed plan: what a pull request's plan comment showed, kept in the comment as a hidden,
 * machine-readable block, so that the apply on merge writes exactly what was reviewed. Per client:
 * the pool, the client ID, the live and spec fingerprints and the changes (gzip, base64). A plan too
 * large for a comment keeps a digest per client, and at worst one digest of the whole plan.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { clientKey, type SavedPlan } from "../apply/saved-plan.js";
import { fingerprint } from "../plan/fingerprint.js";
import type { Change, Plan, UpdateEntry } from "../plan/model.js";

const PREFIX = "<!-- cognito-gitops:reviewed-plan:v1:";
const BLOCK = /<!-- cognito-gitops:reviewed-plan:v1:([A-Za-z0-9+/=]*) -->/;
const ALL_BLOCKS = /\n?<!-- cognito-gitops:reviewed-plan:v1:[A-Za-z0-9+/=]* -->\n?/g;

/** The most of a 65,536-character comment the block may take; the rest is for people. */
const BLOCK_BUDGET = 30_000;

export type ReviewedClient = {
  userPoolId: string;
  clientId: string;
  clientName?: string;
  fingerprint?: string;
  specFingerprint: string;
  changes: Change[];
};

/** One reviewed plan, in the most detailed form that fitted its comment. */
export type ReviewedPlan = { commit: string } & (
  | { form: "clients"; clients: ReviewedClient[] }
  | { form: "digests"; clients: { userPoolId: string; clientId: string; digest: string }[] }
  | { form: "total"; count: number; digest: string }
);

function updates(plan: Plan): UpdateEntry[] {
  return plan.clients.filter((c): c is UpdateEntry => c.action === "update");
}

/** What must stay the same for a client's update to be the reviewed one. */
function digestOf(c: Pick<ReviewedClient, "fingerprint" | "specFingerprint" | "changes">): string {
  return fingerprint({ live: c.fingerprint ?? null, spec: c.specFingerprint, changes: c.changes }).slice(
    7,
    23,
  );
}

function totalDigest(list: readonly UpdateEntry[]): string {
  const keyed = list.map((c) => `${clientKey(c)}\u0000${digestOf(c)}`).sort();
  return fingerprint(keyed).slice(7);
}

function encode(doc: ReviewedPlan): string {
  return `${PREFIX}${gzipSync(JSON.stringify(doc)).toString("base64")} -->`;
}

/** The hidden block for `plan`, planned at `commit`, in the most detailed form under `budget`. */
export function reviewedPlanBlock(plan: Plan, commit: string, budget = BLOCK_BUDGET): string {
  const list = updates(plan);
  const clients: ReviewedClient[] = list.map((c) => ({
    userPoolId: c.userPoolId,
    clientId: c.clientId ?? "",
    ...(c.clientName !== undefined ? { clientName: c.clientName } : {}),
    ...(c.fingerprint !== undefined ? { fingerprint: c.fingerprint } : {}),
    specFingerprint: c.specFingerprint,
    changes: c.changes,
  }));
  const full = encode({ commit, form: "clients", clients });
  if (full.length <= budget) return full;
  const digests = encode({
    commit,
    form: "digests",
    clients: list.map((c) => ({ userPoolId: c.userPoolId, clientId: c.clientId ?? "", digest: digestOf(c) })),
  });
  if (digests.length <= budget) return digests;
  return encode({ commit, form: "total", count: list.length, digest: totalDigest(list) });
}

/** The block a comment carries, or "" for none. */
export function reviewedBlockOf(body: string): string {
  return BLOCK.exec(body)?.[0] ?? "";
}

/** The comment without its block (an outdated plan must not be applied). */
export function withoutReviewedPlan(body: string): string {
  return body.replace(ALL_BLOCKS, "\n").replace(/\n+$/, "\n");
}

/** The reviewed plan a comment carries; undefined when it has none or it cannot be read. */
export function readReviewedPlan(body: string): ReviewedPlan | undefined {
  const m = BLOCK.exec(body);
  if (!m) return undefined;
  try {
    const doc = JSON.parse(gunzipSync(Buffer.from(m[1] ?? "", "base64")).toString("utf8")) as ReviewedPlan;
    const ok =
      typeof doc?.commit === "string" &&
      (doc.form === "total" ? typeof doc.digest === "string" : Array.isArray(doc.clients));
    return ok ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** A client that would be written although its update is not the reviewed one. */
export type Difference = {
  userPoolId: string;
  clientId: string;
  clientName?: string;
  reason: string;
  /** The reviewed changes, when the review kept them. */
  reviewed?: Change[];
  now: Change[];
};

function whyDifferent(
  now: UpdateEntry,
  reviewed: readonly ReviewedPlan[],
): Omit<Difference, "now"> | undefined {
  const who = {
    userPoolId: now.userPoolId,
    clientId: now.clientId ?? "",
    ...(now.clientName !== undefined ? { clientName: now.clientName } : {}),
  };
  const full = reviewed.flatMap((r) =>
    r.form === "clients" ? r.clients.filter((c) => clientKey(c) === clientKey(now)) : [],
  );
  const digests = reviewed.flatMap((r) =>
    r.form === "digests" ? r.clients.filter((c) => clientKey(c) === clientKey(now)) : [],
  );
  if (full.some((r) => digestOf(r) === digestOf(now)) || digests.some((d) => d.digest === digestOf(now))) {
    return undefined;
  }
  const was = full[0];
  if (!was) {
    return digests.length > 0
      ? { ...who, reason: "its update differs from the reviewed one" }
      : { ...who, reason: "the review did not change this client" };
  }
  const base = { ...who, reviewed: was.changes };
  if (was.specFingerprint !== now.specFingerprint)
    return { ...base, reason: "its spec changed since the review" };
  if (fingerprint(was.changes) !== fingerprint(now.changes)) {
    return {
      ...base,
      reason: "its changes differ from the reviewed ones (someone changed it since the review)",
    };
  }
  return {
    ...base,
    reason: "its live configuration changed since the review, in a field the spec does not manage",
  };
}

/**
 * Every client the fresh plan would write whose update is not exactly a reviewed one (empty: apply
 * may go on). A client reviewed for an update that needs none now is fine: nothing is written.
 */
export function compareWithReviewed(fresh: Plan, reviewed: readonly ReviewedPlan[]): Difference[] {
  const list = updates(fresh);
  const totals = reviewed.filter((r) => r.form === "total");
  if (totals.some((t) => t.count === list.length && t.digest === totalDigest(list))) return [];
  const out: Difference[] = [];
  for (const now of list) {
    const why = whyDifferent(now, reviewed);
    if (why) out.push({ ...why, now: now.changes });
  }
  if (out.length > 0 && totals.length > 0 && reviewed.every((r) => r.form === "total")) {
    const reason = `the reviewed plan (too large to compare client by client) changed ${totals[0]?.count ?? 0} clients; this one differs`;
    return out.map((d) => ({ ...d, reason }));
  }
  return out;
}

/** The fresh plan as the saved plan apply is held to, once it has been found to be the reviewed one. */
export function heldPlan(fresh: Plan): SavedPlan {
  return { clients: updates(fresh) };
}
