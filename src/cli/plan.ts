/** `cognito-gitops plan`. */
import { planSpecs } from "../commands/plan.js";
import { hasChanges } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import { renderPlanJson } from "../render/plan-json.js";
import {
  AWS_OPTIONS,
  type CliCommand,
  FAIL_ON_RISK_OPTION,
  failOnRiskOption,
  OUTPUT_OPTION,
  POOL_CHECK_OPTIONS,
  SELECTOR_OPTIONS,
  stringOption,
} from "./args.js";
import { outFile } from "./out-path.js";
import { planOutput, printPlan, runStats } from "./print-plan.js";
import { withSession } from "./session.js";

export const PLAN: CliCommand = {
  summary: "Show what apply would change: live clients vs specs.",
  usage: "[PATH ...] [--output text|markdown|json] [--out FILE] [--detailed-exitcode] [--fail-on-risk LEVEL]",
  description:
    "Validates the specs, reads the live clients of every pool they name (read-only calls), and\n" +
    "shows per client what would change, field by field, with a security review of each change.\n" +
    "Invalid specs stop it before any AWS call.",
  options: {
    output: OUTPUT_OPTION,
    out: {
      type: "string",
      valueName: "FILE",
      help: "Also save the JSON plan to FILE (for apply --plan-file).",
    },
    "detailed-exitcode": { type: "boolean", help: "Exit 2 when there are changes (as terraform plan)." },
    "fail-on-risk": FAIL_ON_RISK_OPTION,
    ...SELECTOR_OPTIONS,
    ...POOL_CHECK_OPTIONS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  success (without --detailed-exitcode: changes or not)",
    "1  an error: invalid specs, AWS errors, a client not found",
    "2  with --detailed-exitcode: success, and there are changes",
    "3  with --fail-on-risk: a change has an unaccepted risk at or above that severity",
  ],
  async run(args, io) {
    const output = planOutput(args);
    const failOnRisk = failOnRiskOption(args);
    const given = stringOption(args, "out");
    const out = given !== undefined ? await outFile(io.cwd, given) : undefined;
    return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
      const { plan } = await planSpecs(specs, options);
      endProgress();
      printPlan(plan, aws.stats, "plan", output, io);
      await out?.write(renderPlanJson(plan, runStats(aws.stats)));
      if (plan.summary.error > 0) return 1;
      const verdict = riskVerdict(plan.clients, failOnRisk);
      if (verdict) {
        io.stderr(`error: ${verdict}\n`);
        return 3;
      }
      return args.values["detailed-exitcode"] && hasChanges(plan) ? 2 : 0;
    });
  },
};
