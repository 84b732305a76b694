/** How plan values read to a person: durations as "60 minutes", sets item by item. */
import { type Duration, durationText } from "../model/normalize.js";
import type { Change, ClientPlan, Plan, Risk } from "../plan/model.js";

export type Line = { sign: " " | "-" | "+"; text: string };

export function showDuration(d: Duration): string {
  return durationText(d);
}

/** A plain value (a scalar, a list of them, or an object of them) on one line. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "(not set)";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.map((x) => showValue(x)).join(", ")}]`;
  if (typeof v === "object") {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${showValue(x)}`)
      .join(", ")} }`;
  }
  return String(v);
}

/** One side of a change, as its kind reads. */
export function showSide(change: Change, side: "before" | "after"): string {
  if (change.kind === "duration") {
    const d = change[side];
    return d ? showDuration(d) : "(not set)";
  }
  return showValue(change[side]);
}

/** A change as diff lines: sets item by item (removed, added), anything else before/after. */
export function changeLines(change: Change): Line[] {
  if (change.kind === "set") {
    return [
      ...change.removed.map((text): Line => ({ sign: "-", text })),
      ...change.added.map((text): Line => ({ sign: "+", text })),
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
  return `${name}${id} in ${c.userPoolId}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
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
