/** How plan values read to a person: durations as "60 minutes", sets item by item. */
import { withoutRequestId } from "../errors.js";
import { durationText } from "../model/normalize.js";
import type { Change, ClientPlan, ErrorEntry, Plan, Risk } from "../plan/model.js";
import { plural, visible } from "../text.js";

export type Line = { sign: " " | "-" | "+"; text: string };

/** A plain value (a scalar, a list of them, or an object of them) on one line, hidden characters shown. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "(not set)";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.map((x) => showValue(x)).join(", ")}]`;
  if (typeof v === "object") {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${visible(k)}: ${showValue(x)}`)
      .join(", ")} }`;
  }
  return visible(String(v));
}

/** One side of a change, as its kind reads. */
export function showSide(change: Change, side: "before" | "after"): string {
  if (change.kind === "duration") return durationText(change[side]);
  return showValue(change[side]);
}

/** A change as diff lines: sets item by item (removed, added), anything else before/after. */
export function changeLines(change: Change): Line[] {
  if (change.kind === "set") {
    return [
      ...change.removed.map((text): Line => ({ sign: "-", text: visible(text) })),
      ...change.added.map((text): Line => ({ sign: "+", text: visible(text) })),
    ];
  }
  return [
    { sign: "-", text: showSide(change, "before") },
    { sign: "+", text: showSide(change, "after") },
  ];
}

export function clientLabel(c: Pick<ClientPlan, "clientName" | "clientId" | "userPoolId">): string {
  const name = c.clientName ?? c.clientId ?? "?";
  const id = c.clientId && c.clientName ? ` (${c.clientId})` : "";
  return visible(`${name}${id} in ${c.userPoolId}`);
}

/** At most `max` items, then "and N more". */
export function listed(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * Error entries grouped by pool and error, in plan order: a pool-level failure (its listing was
 * refused, the endpoint is wrong) is said once for the pool, not once per client.
 */
export function errorGroups(entries: readonly ClientPlan[]): ErrorEntry[][] {
  const groups = new Map<unknown, ErrorEntry[]>();
  for (const c of entries) {
    if (c.action !== "error") continue;
    // An entry with findings of its own is said on its own.
    // The same failure on every client of a pool differs only by AWS's request IDs: said once.
    const key =
      c.risks.length > 0
        ? c
        : `${c.userPoolId}\u0000${c.error.code}\u0000${withoutRequestId(c.error.message)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

/** Who a group of error entries is about: one client's label, or several names in their pool. */
export function groupLabel(group: readonly ErrorEntry[]): string {
  const [one] = group;
  if (!one) return "";
  if (group.length === 1) return clientLabel(one);
  const names = group.map((c) => c.clientName ?? c.clientId ?? "?");
  return visible(`${plural(group.length, "client")} (${listed(names)}) in ${one.userPoolId}`);
}

/** Where a client's spec is: `file:line`. */
export function sourceText(c: Pick<ClientPlan, "source">): string {
  return `${c.source.file}:${c.source.line}`;
}

/** Where a group's specs are: `file:line`, several listed. */
export function groupPlaces(group: readonly ErrorEntry[]): string {
  return visible(listed(group.map(sourceText)));
}

/** A finding's severity as a marker: "[high]", "[low, accepted]". */
export function riskMarker(r: Risk): string {
  return `[${r.severity}${r.accepted ? ", accepted" : ""}]`;
}

/** "Security review: 1 high, 0 medium, 2 low (1 accepted)." or undefined when nothing was flagged. */
export function riskSummary(plan: Plan): string | undefined {
  const r = plan.summary.risks;
  if (r.high + r.medium + r.low + r.accepted === 0) return undefined;
  const accepted = r.accepted > 0 ? `, and ${r.accepted} accepted` : "";
  return `Security review: ${r.high} high, ${r.medium} medium, ${r.low} low${accepted}.`;
}

/** `--changed-since`: how many clients were left out, and why; undefined when none were. */
export function skippedNote(plan: Plan): string | undefined {
  if (!plan.skipped) return undefined;
  const { clients, unchangedSince } = plan.skipped;
  return `${plural(clients, "client")} not read: their specs did not change since ${visible(unchangedSince)}.`;
}
