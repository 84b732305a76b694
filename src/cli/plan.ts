/** `cognito-gitops plan`. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { planSpecs } from "../commands/plan.js";
import { hasChanges } from "../plan/model.js";
import { renderPlanJson } from "../render/plan-json.js";
import {
  AWS_OPTIONS,
  type CliCommand,
  OUTPUT_OPTION,
  POOL_CHECK_OPTIONS,
  SELECTOR_OPTIONS,
  stringOption,
} from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const PLAN: CliCommand = {
  summary: "Show what apply would change: live clients vs specs.",
  usage: "[PATH ...] [--output text|markdown|json] [--out FILE] [--detailed-exitcode]",
  description:
    "Validates the specs, reads the live clients of every pool they name (read-only calls), and\n" +
    "shows per client what would change, field by field. Invalid specs stop it before any AWS call.",
  options: {
    output: OUTPUT_OPTION,
    out: {
      type: "string",
      valueName: "FILE",
      help: "Also save the JSON plan to FILE (for apply --plan-file).",
    },
    "detailed-exitcode": { type: "boolean", help: "Exit 2 when there are changes (as terraform plan)." },
    ...SELECTOR_OPTIONS,
    ...POOL_CHECK_OPTIONS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  success (without --detailed-exitcode: changes or not)",
    "1  an error: invalid specs, AWS errors, a client not found",
    "2  with --detailed-exitcode: success, and there are changes",
  ],
  run(args, io) {
    const output = planOutput(args);
    return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
      const { plan } = await planSpecs(specs, options);
      endProgress();
      printPlan(plan, aws.stats, "plan", output, io);
      const out = stringOption(args, "out");
      if (out) {
        const file = resolve(io.cwd, out);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, renderPlanJson(plan));
      }
      if (plan.summary.error > 0) return 1;
      return args.values["detailed-exitcode"] && hasChanges(plan) ? 2 : 0;
    });
  },
};
