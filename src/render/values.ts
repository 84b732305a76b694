/** How plan values read to a person: durations as "60 minutes", sets item by item. */
import type { Change, ClientPlan } from "../plan/model.js";

export type Line = { sign: " " | "-" | "+"; text: string };

function isDuration(v: unknown): v is { value: number; unit: string } {
  return typeof v === "object" && v !== null && "value" in v && "unit" in v && Object.keys(v).length === 2;
}

/** One value on one line. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "(not set)";
  if (isDuration(v)) return `${v.value} ${v.value === 1 ? v.unit.replace(/s$/, "") : v.unit}`;
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.map((x) => showValue(x)).join(", ")}]`;
  if (typeof v === "object") {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${showValue(x)}`)
      .join(", ")} }`;
  }
  return String(v);
}

/** A change as diff lines: sets item by item (removed, added), anything else before/after. */
export function changeLines(change: Change): Line[] {
  const { before, after } = change;
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = new Set(before.map(showValue));
    const a = new Set(after.map(showValue));
    return [
      ...[...b].filter((x) => !a.has(x)).map((text): Line => ({ sign: "-", text })),
      ...[...a].filter((x) => !b.has(x)).map((text): Line => ({ sign: "+", text })),
    ];
  }
  return [
    { sign: "-", text: showValue(before) },
    { sign: "+", text: showValue(after) },
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
