/** The plan for a terminal: changes per field, `-` before / `+` after, and a closing line. */
import type { Change, ClientPlan, ErrorEntry, Plan, ReportMode, Risk } from "../plan/model.js";
import { plural, visible } from "../text.js";
import { causeSummary, driftHead, driftLines, historyNotes, sharedCause } from "./drift-words.js";
import {
  changeLines,
  clientLabel,
  errorGroups,
  groupLabel,
  groupPlaces,
  riskMarker,
  riskSummary,
  skippedNote,
  sourceText,
} from "./values.js";

export type TextOptions = { color: boolean; mode: ReportMode };

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Paint = (code: keyof typeof CODES, text: string) => string;

/** An apply stopped by a signal: what was done, what may be, and what was not. */
function interruptedLine(plan: Plan, signal: string): string {
  const count = (f: (c: ClientPlan) => boolean) => plan.clients.filter(f).length;
  const updated = count((c) => c.outcome?.applied === true);
  const inFlight = count((c) => c.outcome?.interrupted === "in-flight");
  const notStarted = count((c) => c.outcome?.interrupted === "not-started");
  const errors = count((c) => c.action === "error" && !c.outcome?.interrupted);
  return (
    `Apply interrupted by ${signal}: ${updated} updated, ${inFlight} in flight (result unknown), ` +
    `${notStarted} not started, ${plural(errors, "error")}.`
  );
}

/** How many warnings a plan carries: per client, and per pool. */
function warningCount(plan: Plan): number {
  return plan.clients.reduce((n, c) => n + (c.warnings?.length ?? 0), 0) + plan.warnings.length;
}

/** The closing line, also used as the Action's `summary` output. */
export function summaryLine(plan: Plan, mode: ReportMode = "plan"): string {
  const s = plan.summary;
  const n = warningCount(plan);
  const warnings = n > 0 ? `, ${plural(n, "warning")}` : "";
  if (mode === "apply" && plan.interrupted) return interruptedLine(plan, plan.interrupted.signal);
  if (mode === "apply")
    return `Apply: ${s.update} updated, ${s.noOp} in sync, ${plural(s.error, "error")}${warnings}.`;
  if (mode === "drift") {
    return `Drift: ${plural(s.update, "client")} drifted, ${s.noOp} in sync, ${plural(s.error, "error")}${warnings}.`;
  }
  return `Plan: ${s.update} to update, ${s.noOp} in sync, ${plural(s.error, "error")}${warnings}.`;
}

/** What happened to an updated client: "will be updated", "drifted", "updated and verified (2 attempts)"... */
export function updateVerb(c: ClientPlan, mode: ReportMode): string {
  if (mode === "drift") return "drifted";
  if (mode === "plan") return "will be updated";
  if (c.outcome?.interrupted === "in-flight") return "was being updated when the run stopped: result unknown";
  if (c.outcome?.interrupted === "not-started") return "not updated: the run stopped first";
  const tries = c.outcome?.attempts ?? 1;
  return `updated and verified${tries > 1 ? ` (${tries} attempts)` : ""}`;
}

function warningLines(c: ClientPlan, paint: Paint): string[] {
  return (c.warnings ?? []).map((w) => paint("yellow", `    warning: ${visible(w.message)}`));
}

const SEVERITY_PAINT = { high: "red", medium: "yellow", low: "dim" } as const;

function riskLines(risks: readonly Risk[], paint: Paint): string[] {
  return risks.map((r) => {
    const text = `    ${riskMarker(r)} ${r.rule} (${r.field}): ${visible(r.message)}`;
    return paint(r.accepted ? "dim" : SEVERITY_PAINT[r.severity], text);
  });
}

function planChangeLines(change: Change, paint: Paint): string[] {
  const out = [`    ${change.field}:`];
  for (const line of changeLines(change)) {
    const text = `      ${line.sign} ${line.text}`;
    out.push(line.sign === "-" ? paint("red", text) : line.sign === "+" ? paint("green", text) : text);
  }
  return out;
}

/** Drift reads from the live side, with each field's cause when the client's fields differ in it. */
function driftChangeLines(c: ClientPlan, change: Change, shared: boolean, paint: Paint): string[] {
  const out = [`    ${driftHead(c, change, shared)}`];
  for (const line of driftLines(change)) {
    const text = `      ${line.label}: ${line.text}`;
    out.push(line.label.endsWith("outside Git") ? paint("yellow", text) : text);
  }
  return out;
}

/** A group of clients with the same error (a pool's listing failed): said once. */
function errorLines(group: readonly ErrorEntry[], paint: Paint): string[] {
  const [one] = group;
  if (!one) return [];
  return [
    `${paint("red", "!")} ${paint("bold", groupLabel(group))} (${groupPlaces(group)})`,
    paint("red", `    ${visible(`${one.error.code}: ${one.error.message}`)}`),
    ...group.flatMap((c) => riskLines(c.risks, paint)),
    ...group.flatMap((c) => warningLines(c, paint)),
    "",
  ];
}

function clientLines(
  c: ClientPlan,
  mode: ReportMode,
  paint: Paint,
  groups: ReadonlyMap<ClientPlan, ErrorEntry[]>,
): string[] {
  const where = visible(sourceText(c));
  if (c.action === "error") return errorLines(groups.get(c) ?? [], paint);
  if (c.action !== "update") {
    if (!c.warnings) return [];
    return [
      `${paint("yellow", "=")} ${paint("bold", clientLabel(c))} is in sync (${where})`,
      ...warningLines(c, paint),
      "",
    ];
  }
  const out = [`${paint("yellow", "~")} ${paint("bold", clientLabel(c))} ${updateVerb(c, mode)} (${where})`];
  if (mode === "drift") {
    const shared = sharedCause(c);
    if (shared) out.push(`    ${shared}`);
    out.push(...riskLines(c.risks, paint));
    for (const change of c.changes) out.push(...driftChangeLines(c, change, shared !== undefined, paint));
  } else {
    out.push(...riskLines(c.risks, paint));
    for (const change of c.changes) out.push(...planChangeLines(change, paint));
  }
  out.push(...warningLines(c, paint), "");
  return out;
}

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint: Paint = (code, text) => (options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text);
  // Each group of errors is printed where its first client is.
  const groups = new Map<ClientPlan, ErrorEntry[]>();
  for (const g of errorGroups(plan.clients)) if (g[0]) groups.set(g[0], g);
  const out = plan.clients.flatMap((c) => clientLines(c, options.mode, paint, groups));
  const inSync = plan.clients.filter((c) => c.action === "no-op");
  if (inSync.length > 0 && plan.clients.every((c) => c.action === "no-op")) {
    const done = options.mode === "apply" ? "Nothing to do" : "No changes";
    out.push(`${done}: every managed client matches its spec.`, "");
  }
  const skipped = skippedNote(plan);
  if (skipped) out.push(paint("dim", skipped), "");
  if (plan.unmanaged.length > 0) {
    const head = `${plural(plan.unmanaged.length, "live client")} in managed pools named by no spec (left alone):`;
    out.push(paint("dim", head));
    for (const u of plan.unmanaged)
      out.push(paint("dim", `    ${visible(`${u.clientName} (${u.clientId}) in ${u.userPoolId}`)}`));
    out.push("");
  }
  for (const w of plan.warnings) out.push(paint("yellow", `warning: ${visible(w.message)}`), "");
  const notes = historyNotes(plan).map((n) => paint("dim", `note: ${n}`));
  const closing = [causeSummary(plan), riskSummary(plan)].filter((l): l is string => l !== undefined);
  if (notes.length > 0) out.push(...notes, "");
  out.push(...closing, summaryLine(plan, options.mode));
  return `${out.join("\n")}\n`;
}
