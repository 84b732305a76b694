/** The plan for a PR comment or job summary: summary first, one <details> per changed client. */
import type { ClientPlan, ErrorEntry, Plan, ReportMode } from "../plan/model.js";
import { cell, code, fenceSafe } from "./markdown.js";
import { summaryLine } from "./plan-text.js";
import { changeLines, clientLabel, plural } from "./values.js";

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
  const since = mode === "drift" && c.lastModifiedDate ? `, last modified ${c.lastModifiedDate}` : "";
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
    ...errorTable(errors),
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
