/** The plan for a PR comment or job summary: summary first, one <details> per changed client. */
import type { ClientPlan, ErrorEntry, Plan, ReportMode, Risk } from "../plan/model.js";
import { causeSummary, causeText, driftLines, historyNotes, sharedCause } from "./drift-words.js";
import { cell, code, fenceSafe } from "./markdown.js";
import { summaryLine } from "./plan-text.js";
import { changeLines, clientLabel, plural, riskSummary } from "./values.js";

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

function errorTable(errors: readonly ErrorEntry[]): string[] {
  if (errors.length === 0) return [];
  return [
    "| | Client | Error | Spec |",
    "|---|---|---|---|",
    ...errors.map(
      (c) =>
        `| ❌ | ${cell(clientLabel(c))} | ${cell(`${c.error.code}: ${c.error.message}`)} | ${where(c)} |`,
    ),
    "",
  ];
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

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const title = options.title ?? (options.mode === "drift" ? "cognito-gitops drift" : "cognito-gitops plan");
  const unmanaged = plan.summary.unmanaged > 0 ? ` ${plan.summary.unmanaged} unmanaged.` : "";
  const errors = plan.clients.filter((c): c is ErrorEntry => c.action === "error");
  const head = [
    `### ${title}`,
    "",
    `**${summaryLine(plan, options.mode)}**${unmanaged}`,
    "",
    ...notesSection(plan),
    ...errorTable(errors),
    ...riskSection(plan),
    ...warningTable(plan),
  ];
  const sections = [
    ...plan.clients.filter((c) => c.action === "update").map((c) => clientDetails(c, options.mode)),
    ...unmanagedSection(plan),
  ];

  let out = `${head.join("\n")}\n`;
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i] ?? "";
    const remaining = sections.length - i;
    const note = `\n> ✂️ ${plural(remaining, "more section")} cut to stay under GitHub's size limit.${options.fullPlanHint ? ` ${options.fullPlanHint}` : ""}\n`;
    // Room for the note is kept unless this is the last section: then nothing is left to cut.
    const room = remaining > 1 ? note.length : 0;
    if (out.length + section.length + 1 + room > limit) {
      out += note;
      break;
    }
    out += `${section}\n`;
  }
  return out;
}
