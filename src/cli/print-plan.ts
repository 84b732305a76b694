/** Prints a plan, drift or apply report in the format --output asks for. */
import type { CallStats } from "../cognito/aws.js";
import type { Plan, ReportMode } from "../plan/model.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import { choiceOption, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

export type PlanOutput = "text" | "markdown" | "json";

/** --output, read before any work so that a typo costs nothing. */
export function planOutput(args: ParsedArgs): PlanOutput {
  return choiceOption(args, "output", ["text", "markdown", "json"] as const, "text");
}

export function printPlan(
  plan: Plan,
  stats: CallStats,
  mode: ReportMode,
  output: PlanOutput,
  io: CliIo,
): void {
  if (output === "json") io.stdout(renderPlanJson(plan, stats));
  else if (output === "markdown") io.stdout(renderPlanMarkdown(plan, { mode }));
  else io.stdout(renderPlanText(plan, { mode, color: io.isTTY && io.env.NO_COLOR === undefined }));
}
