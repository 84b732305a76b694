/** The plan for a terminal: changes per field, `-` before / `+` after, and a closing line. */
import type { Plan } from "../plan/model.js";
import { changeLines, clientLabel, plural } from "./values.js";

export type Mode = "plan" | "drift" | "apply";
export type TextOptions = {
  color: boolean;
  mode: Mode /** Apply: update requests sent, per client. */;
  attempts?: number[];
};

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** The closing line, also used as the Action's `summary` output. */
export function summaryLine(plan: Plan, mode: Mode = "plan"): string {
  const s = plan.summary;
  if (mode === "apply") return `Apply: ${s.update} updated, ${s.noOp} in sync, ${plural(s.error, "error")}.`;
  if (mode === "drift") {
    return `Drift: ${plural(s.update, "client")} drifted, ${s.noOp} in sync, ${plural(s.error, "error")}.`;
  }
  return `Plan: ${s.update} to update, ${s.noOp} in sync, ${plural(s.error, "error")}.`;
}

export function renderPlanText(plan: Plan, options: TextOptions): string {
  const paint = (code: keyof typeof CODES, text: string) =>
    options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
  const out: string[] = [];
  plan.clients.forEach((c, i) => {
    const where = `${c.source.file}:${c.source.line}`;
    if (c.action === "update") {
      const tries = options.attempts?.[i] ?? 1;
      const verb =
        options.mode === "drift"
          ? "drifted"
          : options.mode === "apply"
            ? `updated and verified${tries > 1 ? ` (${tries} attempts)` : ""}`
            : "will be updated";
      const since =
        options.mode === "drift" && c.lastModifiedDate ? `, last modified ${c.lastModifiedDate}` : "";
      out.push(`${paint("yellow", "~")} ${paint("bold", clientLabel(c))} ${verb} (${where}${since})`);
      for (const change of c.changes) {
        out.push(`    ${change.field}:`);
        for (const line of changeLines(change)) {
          const text = `      ${line.sign} ${line.text}`;
          out.push(line.sign === "-" ? paint("red", text) : line.sign === "+" ? paint("green", text) : text);
        }
      }
      out.push("");
    } else if (c.action === "error") {
      out.push(`${paint("red", "!")} ${paint("bold", clientLabel(c))} (${where})`);
      out.push(paint("red", `    ${c.error?.code ?? "Error"}: ${c.error?.message ?? ""}`));
      out.push("");
    }
  });
  const inSync = plan.clients.filter((c) => c.action === "no-op");
  if (inSync.length > 0 && out.length === 0) {
    const done = options.mode === "apply" ? "Nothing to do" : "No changes";
    out.push(`${done}: every managed client matches its spec.`, "");
  }
  if (plan.unmanaged.length > 0) {
    out.push(
      paint(
        "dim",
        `${plural(plan.unmanaged.length, "live client")} in managed pools named by no spec (left alone):`,
      ),
    );
    for (const u of plan.unmanaged)
      out.push(paint("dim", `    ${u.clientName} (${u.clientId}) in ${u.userPoolId}`));
    out.push("");
  }
  out.push(summaryLine(plan, options.mode));
  return `${out.join("\n")}\n`;
}
