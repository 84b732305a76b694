/** The plan for a PR comment or job summary: summary first, one <details> per changed client. */
import type { ClientPlan, Plan } from "../plan/model.js";
import { type Mode, summaryLine } from "./plan-text.js";
import { changeLines, clientLabel, plural } from "./values.js";

/** GitHub refuses comments over 65,536 characters; stay under with room for a note. */
export const MARKDOWN_LIMIT = 65_000;

export type MarkdownOptions = {
  mode: Mode;
  title?: string;
  /** Where the whole plan can be read when this one is cut. */
  fullPlanHint?: string;
  limit?: number;
};

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function fenceSafe(text: string): string {
  return text.replaceAll("```", "'''");
}

function clientDetails(c: ClientPlan, mode: Mode): string {
  const lines: string[] = [];
  for (const change of c.changes) {
    lines.push(`  ${change.field}:`);
    for (const l of changeLines(change)) lines.push(`${l.sign}   ${fenceSafe(l.text)}`);
  }
  const since = mode === "drift" && c.lastModifiedDate ? `, last modified ${c.lastModifiedDate}` : "";
  return [
    `<details><summary><b>${cell(clientLabel(c))}</b>: ${plural(c.changes.length, "field")} (<code>${cell(c.source.file)}:${c.source.line}</code>${since})</summary>`,
    "",
    "```diff",
    ...lines,
    "```",
    "</details>",
    "",
  ].join("\n");
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const head: string[] = [];
  head.push(
    `### ${options.title ?? (options.mode === "drift" ? "cognito-gitops drift" : "cognito-gitops plan")}`,
    "",
  );
  head.push(
    `**${summaryLine(plan, options.mode)}**${plan.summary.unmanaged > 0 ? ` ${plan.summary.unmanaged} unmanaged.` : ""}`,
    "",
  );

  const errors = plan.clients.filter((c) => c.action === "error");
  if (errors.length > 0) {
    head.push("| | Client | Error | Spec |", "|---|---|---|---|");
    for (const c of errors) {
      head.push(
        `| ❌ | ${cell(clientLabel(c))} | ${cell(`${c.error?.code}: ${c.error?.message}`)} | \`${cell(c.source.file)}:${c.source.line}\` |`,
      );
    }
    head.push("");
  }

  const sections = plan.clients
    .filter((c) => c.action === "update")
    .map((c) => clientDetails(c, options.mode));
  if (plan.unmanaged.length > 0) {
    sections.push(
      [
        `<details><summary>${plural(plan.unmanaged.length, "unmanaged client")} (in managed pools, named by no spec; left alone)</summary>`,
        "",
        ...plan.unmanaged.map((u) => `- ${cell(u.clientName)} (\`${u.clientId}\`) in \`${u.userPoolId}\``),
        "</details>",
        "",
      ].join("\n"),
    );
  }

  let out = `${head.join("\n")}\n`;
  for (let i = 0; i < sections.length; i++) {
    const section = sections[i] ?? "";
    const remaining = sections.length - i;
    const note = `\n> ✂️ ${plural(remaining, "more section")} cut to stay under GitHub's size limit.${options.fullPlanHint ? ` ${options.fullPlanHint}` : ""}\n`;
    if (out.length + section.length + note.length > limit) {
      out += note;
      break;
    }
    out += `${section}\n`;
  }
  return out;
}
