/** `cognito-gitops drift`. */
import { planSpecs } from "../commands/plan.js";
import { hasChanges } from "../plan/model.js";
import { AWS_OPTIONS, type CliCommand, OUTPUT_OPTION, POOL_CHECK_OPTIONS, SELECTOR_OPTIONS } from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const DRIFT: CliCommand = {
  summary: "Detect changes made outside Git (exit 2 when anything drifted).",
  usage: "[PATH ...] [--output text|markdown|json]",
  description:
    "The plan's comparison worded as drift: which live clients no longer match their specs, what\n" +
    "changed, and when each was last modified. For scheduled runs.",
  options: { output: OUTPUT_OPTION, ...SELECTOR_OPTIONS, ...POOL_CHECK_OPTIONS, ...AWS_OPTIONS },
  exitCodes: ["0  nothing drifted", "1  an error", "2  at least one client drifted"],
  run(args, io) {
    const output = planOutput(args);
    return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
      const { plan } = await planSpecs(specs, options);
      endProgress();
      printPlan(plan, aws.stats, "drift", output, io);
      if (plan.summary.error > 0) return 1;
      return hasChanges(plan) ? 2 : 0;
    });
  },
};
