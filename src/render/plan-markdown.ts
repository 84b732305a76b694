/** The plan for a PR comment or job summary: summary first, one <details> per changed client. */
import type { ClientPlan, ErrorEntry, Plan, ReportMode } from "../plan/model.js";
import { cell, code, fenceSafe } from "./markdown.js";
import { summaryLine } from "./plan-text.js";
import { changeLines, clientLabel, errorGroups, groupLabel, groupPlaces, plural } from "./values.js";

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

function clientDetails(c: ClientPlan, mode: ReportMode): string {
  const lines: string[] = [];
  for (const change of c.changes) {
    lines.push(`  ${change.field}:`);
    for (const l of changeLines(change)) lines.push(`${l.sign}   ${fenceSafe(l.text)}`);
  }
  const since = mode === "drift" && c.lastModifiedDate ? `, last modified ${cell(c.lastModifiedDate)}` : "";
  return [
    `<details><summary><b>${cell(clientLabel(c))}</b>: ${plural(c.changes.length, "field")} (${where(c)}${since})</summary>`,
    "",
    "```diff",
    ...lines,
    "```",
    "</details>",
    "",
  ].join("\n");
}

const ERROR_TABLE = "| | Client | Error | Spec |\n|---|---|---|---|\n";

function errorRow(group: readonly ErrorEntry[]): string {
  const [c] = group;
  if (!c) return "";
  return `| ❌ | ${cell(groupLabel(group))} | ${cell(`${c.error.code}: ${c.error.message}`)} | ${code(groupPlaces(group))} |\n`;
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

/** Errors (table rows) first, then one section per changed client; whatever does not fit is cut, with a note. */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const title = options.title ?? (options.mode === "drift" ? "cognito-gitops drift" : "cognito-gitops plan");
  const unmanaged = plan.summary.unmanaged > 0 ? ` ${plan.summary.unmanaged} unmanaged.` : "";
  const rows = errorGroups(plan.clients).map(errorRow);
  const sections = [
    ...plan.clients.filter((c) => c.action === "update").map((c) => clientDetails(c, options.mode)),
    ...unmanagedSection(plan),
  ].map((section) => `${section}\n`);

  let out = `### ${title}\n\n**${summaryLine(plan, options.mode)}**${unmanaged}\n\n`;
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
    if (out.length + piece.length + note.length > limit) {
      return `${out}${note}`;
    }
    out += piece;
  }
  return out;
}
