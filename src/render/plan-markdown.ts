/** The plan for a PR comment or job summary: summary first, one <details> per changed client. */
import type { ClientPlan, ErrorEntry, Plan, ReportMode, Risk } from "../plan/model.js";
import { causeSummary, causeText, driftLines, historyNotes, sharedCause } from "./drift-words.js";
import { cell, code, fenceSafe } from "./markdown.js";
import { summaryLine } from "./plan-text.js";
import {
  changeLines,
  clientLabel,
  errorGroups,
  groupLabel,
  groupPlaces,
  plural,
  riskSummary,
} from "./values.js";

/** GitHub refuses comments over 65,536 characters; stay under with room for a note. */
export const MARKDOWN_LIMIT = 65_000;

export type MarkdownOptions = {
  mode: ReportMode;
  title?: string;
  /** Where the whole plan can be read when this one is cut. */
  fullPlanHint?: string;
  limit?: number;
};

function where(c: ClientPlan): string {
  return code(`${c.source.file}:${c.source.line}`);
}

function planFence(c: ClientPlan): string[] {
  const lines: string[] = [];
  for (const change of c.changes) {
    lines.push(`  ${change.field}:`);
    for (const l of changeLines(change)) lines.push(`${l.sign}   ${fenceSafe(l.text)}`);
  }
  return ["```diff", ...lines, "```"];
}

/** Drift reads from the live side, never as a plan's `-` for what was added outside Git. */
function driftFence(c: ClientPlan, shared: boolean): string[] {
  const lines: string[] = [];
  for (const change of c.changes) {
    const text = shared ? "" : causeText(change, c.lastModifiedDate);
    const cause = text ? ` ${text}` : "";
    lines.push(fenceSafe(`${change.field}:${cause}`));
    for (const l of driftLines(change)) lines.push(fenceSafe(`  ${l.label}: ${l.text}`));
  }
  return ["```text", ...lines, "```"];
}

function clientDetails(c: ClientPlan, mode: ReportMode): string {
  const shared = mode === "drift" ? sharedCause(c) : undefined;
  const cause = shared ? `, ${cell(shared)}` : "";
  return [
    `<details><summary><b>${cell(clientLabel(c))}</b>: ${plural(c.changes.length, "field")} (${where(c)})${cause}</summary>`,
    "",
    ...(mode === "drift" ? driftFence(c, shared !== undefined) : planFence(c)),
    "</details>",
    "",
  ].join("\n");
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
  const notes = [causeSummary(plan), ...historyNotes(plan)].filter((n): n is string => n !== undefined);
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

function unmanagedSection(plan: Plan): string[] {
  if (plan.unmanaged.length === 0) return [];
  return [
    [
      `<details><summary>${plural(plan.unmanaged.length, "unmanaged client")} (in managed pools, named by no spec; left alone)</summary>`,
      "",
      ...plan.unmanaged.map((u) => `- ${cell(u.clientName)} (${code(u.clientId)}) in ${code(u.userPoolId)}`),
      "</details>",
      "",
    ].join("\n"),
  ];
}

function cutNote(errors: number, sections: number, hint: string | undefined): string {
  const left = [
    ...(errors > 0 ? [plural(errors, "more error")] : []),
    ...(sections > 0 ? [plural(sections, "more section")] : []),
  ].join(" and ");
  return `\n> ✂️ ${left} cut to stay under GitHub's size limit.${hint ? ` ${hint}` : ""}\n`;
}

/**
 * Summary and notes first, then the errors (table rows), the security review and one section per
 * changed client; whatever does not fit GitHub's limit is cut, rows as well as sections, with a note.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const title = options.title ?? (options.mode === "drift" ? "cognito-gitops drift" : "cognito-gitops plan");
  const unmanaged = plan.summary.unmanaged > 0 ? ` ${plan.summary.unmanaged} unmanaged.` : "";
  const head = [
    `### ${title}`,
    "",
    `**${summaryLine(plan, options.mode)}**${unmanaged}`,
    "",
    ...notesSection(plan),
  ];
  const rows = errorGroups(plan.clients).map(errorRow);
  const review = riskSection(plan);
  const warned = warningTable(plan);
  const sections = [
    ...(review.length > 0 ? [review.join("\n")] : []),
    ...(warned.length > 0 ? [warned.join("\n")] : []),
    ...plan.clients.filter((c) => c.action === "update").map((c) => clientDetails(c, options.mode)),
    ...unmanagedSection(plan),
  ].map((section) => `${section}\n`);

  let out = `${head.join("\n")}\n`;
  const pieces = [...rows, ...sections];
  for (let i = 0; i < pieces.length; i++) {
    const isRow = i < rows.length;
    // The table opens before its first row and closes (a blank line) after its last.
    const before = isRow && i === 0 ? ERROR_TABLE : "";
    const after = isRow && i === rows.length - 1 ? "\n" : "";
    const piece = `${before}${pieces[i] ?? ""}${after}`;
    const note = cutNote(
      Math.max(0, rows.length - i),
      pieces.length - Math.max(i, rows.length),
      options.fullPlanHint,
    );
    // Room for the note is kept unless this is the last piece: then nothing is left to cut.
    const room = i < pieces.length - 1 ? note.length : 0;
    if (out.length + piece.length + room > limit) return `${out}${note}`;
    out += piece;
  }
  return out;
}
