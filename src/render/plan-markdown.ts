/**
 * The plan for a PR comment or job summary: summary first, then the security review, then one
 * <details> per changed client, naming the fields that change. A small plan is shown expanded; in
 * a large one, clients with the same changes share one row. When the plan must be cut, the first
 * screen says so.
 */

import type { Change, ClientPlan, ErrorEntry, Plan, ReportMode, Risk, UpdateEntry } from "../plan/model.js";
import { plural } from "../text.js";
import { causeSummary, driftHead, driftLines, historyNotes, sharedCause } from "./drift-words.js";
import { cell, code, fenceSafe } from "./markdown.js";
import { summaryLine } from "./plan-text.js";
import {
  changeLines,
  clientLabel,
  errorGroups,
  groupLabel,
  groupPlaces,
  riskSummary,
  showSide,
  skippedNote,
  sourceText,
} from "./values.js";

/** GitHub refuses comments over 65,536 characters; stay under with room for a note. */
export const MARKDOWN_LIMIT = 65_000;

/** A plan with at most this many diff lines is shown expanded. */
const EXPANDED_LINES = 40;

export type MarkdownOptions = {
  mode: ReportMode;
  title?: string;
  /** Where the whole plan can be read when this one is cut. */
  fullPlanHint?: string;
  limit?: number;
};

function where(c: ClientPlan): string {
  return code(sourceText(c));
}

/** One change in a few words: `accessTokenValidity 1 hour -> 15 minutes`, `callbackURLs +2 -1`. */
function briefChange(change: Change): string {
  if (change.kind === "set") {
    const parts = [
      ...(change.added.length > 0 ? [`+${change.added.length}`] : []),
      ...(change.removed.length > 0 ? [`-${change.removed.length}`] : []),
    ];
    return `${change.field} ${parts.join(" ")}`;
  }
  const text = `${change.field} ${showSide(change, "before")} -> ${showSide(change, "after")}`;
  return text.length <= 80 ? text : change.field;
}

function briefChanges(changes: readonly Change[]): string {
  return cell(fenceSafe(changes.map(briefChange).join(", ")));
}

/** The changes as `diff` lines in a fence: each field, then its `+`/`-` lines. */
export function diffBlock(changes: readonly Change[]): string[] {
  const lines: string[] = [];
  for (const change of changes) {
    lines.push(`  ${change.field}:`);
    for (const l of changeLines(change)) lines.push(`${l.sign}   ${fenceSafe(l.text)}`);
  }
  return ["```diff", ...lines, "```"];
}

/** Drift reads from the live side, never as a plan's `-` for what was added outside Git. */
function driftFence(c: ClientPlan, shared: boolean): string[] {
  const lines: string[] = [];
  for (const change of c.changes) {
    lines.push(fenceSafe(driftHead(c, change, shared)));
    for (const l of driftLines(change)) lines.push(fenceSafe(`  ${l.label}: ${l.text}`));
  }
  return ["```text", ...lines, "```"];
}

function diffLineCount(changes: readonly Change[]): number {
  return changes.reduce((n, c) => n + 1 + changeLines(c).length, 0);
}

/** A section of the report and how many changed clients it shows. */
type Section = { text: string; clients: number };

/** What an interrupted apply says of a client it had not finished. */
const INTERRUPTED: Record<string, string> = {
  "in-flight": ": in flight when the run stopped, result unknown",
  "not-started": ": not updated, the run stopped first",
};

function stoppedNote(c: UpdateEntry): string {
  return INTERRUPTED[c.outcome?.interrupted ?? ""] ?? "";
}

function clientSection(c: UpdateEntry, mode: ReportMode, open: boolean): Section {
  const shared = mode === "drift" ? sharedCause(c) : undefined;
  const cause = shared ? `, ${cell(shared)}` : "";
  const stopped = stoppedNote(c);
  const text = [
    `<details${open ? " open" : ""}><summary><b>${cell(clientLabel(c))}</b>: ${briefChanges(c.changes)} (${where(c)})${cause}${stopped}</summary>`,
    "",
    ...(mode === "drift" ? driftFence(c, shared !== undefined) : diffBlock(c.changes)),
    "</details>",
    "",
  ].join("\n");
  return { text, clients: 1 };
}

function groupSection(group: readonly UpdateEntry[]): Section {
  const first = group[0] as UpdateEntry;
  const text = [
    `<details><summary><b>${group.length} clients</b>: ${briefChanges(first.changes)}${stoppedNote(first)}</summary>`,
    "",
    ...group.map((c) => `- ${cell(clientLabel(c))} (${where(c)})`),
    "",
    ...diffBlock(first.changes),
    "</details>",
    "",
  ].join("\n");
  return { text, clients: group.length };
}

/**
 * Changed clients: expanded when the plan is small, grouped by identical changes (and, in an
 * interrupted apply, the same outcome) when it is large. Drift stays one client per row: each has
 * its own causes (when, by whom).
 */
function changeSections(updates: readonly UpdateEntry[], mode: ReportMode): Section[] {
  const lines = updates.reduce((n, c) => n + diffLineCount(c.changes), 0);
  if (lines <= EXPANDED_LINES) return updates.map((c) => clientSection(c, mode, true));
  if (mode === "drift") return updates.map((c) => clientSection(c, mode, false));
  const groups = new Map<string, UpdateEntry[]>();
  for (const c of updates) {
    const key = JSON.stringify([c.outcome?.interrupted ?? "", c.changes]);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((g) =>
    g.length > 1 ? groupSection(g) : clientSection(g[0] as UpdateEntry, mode, false),
  );
}

const SEVERITY_MARK = { high: "🔴 high", medium: "🟠 medium", low: "🟡 low" } as const;

/** Rows beyond this are left to the JSON plan, so a huge review cannot crowd out the rest. */
const MAX_RISK_ROWS = 100;

/** The security review, before the per-client details: one row per finding. */
function riskSection(plan: Plan): string[] {
  const rows: Array<{ c: ClientPlan; r: Risk }> = plan.clients.flatMap((c) => c.risks.map((r) => ({ c, r })));
  const changed = plan.clients.some((c) => c.changes.length > 0);
  if (!changed) return [];
  if (rows.length === 0)
    return ["#### Security review", "", "No change is flagged by the security review.", ""];
  const shown = rows.slice(0, MAX_RISK_ROWS);
  const more = rows.length - shown.length;
  return [
    "#### Security review",
    "",
    `**${riskSummary(plan) ?? ""}**`,
    "",
    "| Severity | Rule | Client | Field | Finding | Spec |",
    "|---|---|---|---|---|---|",
    ...shown.map(
      ({ c, r }) =>
        `| ${r.accepted ? `⚪ ${r.severity}, accepted` : SEVERITY_MARK[r.severity]} | ${code(r.rule)} | ${cell(clientLabel(c))} | ${code(r.field)} | ${cell(r.message)} | ${where(c)} |`,
    ),
    ...(more > 0 ? ["", `…and ${plural(more, "more finding")}: every one is in the JSON plan.`] : []),
    "",
  ];
}

function notesSection(plan: Plan): string[] {
  const notes = [skippedNote(plan), causeSummary(plan), ...historyNotes(plan)].filter(
    (n): n is string => n !== undefined,
  );
  return notes.flatMap((n) => [`> ${cell(n)}`, ""]);
}

const ERROR_TABLE = "| | Client | Error | Spec |\n|---|---|---|---|\n";

/** One row per group of clients with the same error (a pool's listing failed: one row). */
function errorRow(group: readonly ErrorEntry[]): string {
  const [c] = group;
  if (!c) return "";
  return `| ❌ | ${cell(groupLabel(group))} | ${cell(`${c.error.code}: ${c.error.message}`)} | ${code(groupPlaces(group))} |\n`;
}

function warningTable(plan: Plan): string[] {
  const rows = [
    ...plan.clients.flatMap((c) =>
      (c.warnings ?? []).map((w) => `| ⚠️ | ${cell(clientLabel(c))} | ${cell(w.message)} | ${where(c)} |`),
    ),
    ...plan.warnings.map((w) => `| ⚠️ | ${cell(`user pool ${w.userPoolId}`)} | ${cell(w.message)} | |`),
  ];
  if (rows.length === 0) return [];
  return ["| | Client | Warning | Spec |", "|---|---|---|---|", ...rows, ""];
}

function unmanagedSection(plan: Plan): Section[] {
  if (plan.unmanaged.length === 0) return [];
  const text = [
    `<details><summary>${plural(plan.unmanaged.length, "unmanaged client")} (in managed pools, named by no spec; left alone)</summary>`,
    "",
    ...plan.unmanaged.map((u) => `- ${cell(u.clientName)} (${code(u.clientId)}) in ${code(u.userPoolId)}`),
    "</details>",
    "",
  ].join("\n");
  return [{ text, clients: 0 }];
}

/** A piece of the report after its summary, and what it shows (for the note when it is cut). */
type Piece = {
  text: string;
  errors: number;
  clients: number;
  review: boolean;
  warnings: boolean;
  unmanaged: boolean;
};

const NONE = { errors: 0, clients: 0, review: false, warnings: false, unmanaged: false };

function pieces(plan: Plan, updates: readonly UpdateEntry[], mode: ReportMode): Piece[] {
  const groups = errorGroups(plan.clients);
  const review = riskSection(plan);
  const warned = warningTable(plan);
  return [
    // The table opens before its first row and closes (a blank line) after its last.
    ...groups.map((g, i) => ({
      ...NONE,
      text: `${i === 0 ? ERROR_TABLE : ""}${errorRow(g)}${i === groups.length - 1 ? "\n" : ""}`,
      errors: g.length,
    })),
    ...(review.length > 0 ? [{ ...NONE, text: `${review.join("\n")}\n`, review: true }] : []),
    ...(warned.length > 0 ? [{ ...NONE, text: `${warned.join("\n")}\n`, warnings: true }] : []),
    ...changeSections(updates, mode).map((s) => ({ ...NONE, text: `${s.text}\n`, clients: s.clients })),
    ...unmanagedSection(plan).map((s) => ({ ...NONE, text: `${s.text}\n`, unmanaged: true })),
  ];
}

/** The first screen's note: what is left out, and where the whole report is. */
function cutNote(left: readonly Piece[], changed: number, hint: string | undefined): string {
  const errors = left.reduce((n, p) => n + p.errors, 0);
  const clients = left.reduce((n, p) => n + p.clients, 0);
  const parts = [
    ...(errors > 0 ? [`${plural(errors, "client")} in error`] : []),
    ...(left.some((p) => p.review) ? ["the security review"] : []),
    ...(left.some((p) => p.warnings) ? ["the warnings"] : []),
    ...(clients > 0 ? [`${clients} of ${plural(changed, "changed client")}`] : []),
    ...(left.some((p) => p.unmanaged) ? ["the list of unmanaged clients"] : []),
  ];
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
  return `> ✂️ **This report is cut to stay under GitHub's size limit; left out: ${what}.**${hint ? ` ${hint}` : ""}\n\n`;
}

/**
 * Summary and notes first, then the errors (table rows), the security review and the changed
 * clients; what does not fit GitHub's limit is cut, rows as well as sections, and the first screen
 * says what was left out.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const title = options.title ?? (options.mode === "drift" ? "cognito-gitops drift" : "cognito-gitops plan");
  const unmanaged = plan.summary.unmanaged > 0 ? ` ${plan.summary.unmanaged} unmanaged.` : "";
  const updates = plan.clients.filter((c): c is UpdateEntry => c.action === "update");
  const head = [
    `### ${title}`,
    "",
    `**${summaryLine(plan, options.mode)}**${unmanaged}`,
    "",
    ...notesSection(plan),
  ];
  const top = `${head.join("\n")}\n`;
  const all = pieces(plan, updates, options.mode);
  const whole = `${top}${all.map((p) => p.text).join("")}`;
  if (whole.length <= limit) return whole;
  // Room for the note in its longest form (everything left out), and for closing a cut table.
  const room = limit - top.length - cutNote(all, updates.length, options.fullPlanHint).length - 1;
  let body = "";
  let kept = 0;
  for (const p of all) {
    if (body.length + p.text.length > room) break;
    body += p.text;
    kept++;
  }
  // Cut between two error rows: the table still ends before what follows.
  const closeTable = kept > 0 && (all[kept]?.errors ?? 0) > 0 ? "\n" : "";
  return `${top}${cutNote(all.slice(kept), updates.length, options.fullPlanHint)}${body}${closeTable}`;
}
