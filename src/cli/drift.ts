/** `cognito-gitops drift`. */
import { planSpecs } from "../commands/plan.js";
import { hasChanges } from "../plan/model.js";
import type { CommandRun } from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const run: CommandRun = (args, io) => {
  const output = planOutput(args);
  return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
    const { plan } = await planSpecs(specs, options);
    endProgress();
    printPlan(plan, aws.stats, "drift", output, io);
    if (plan.summary.error > 0) return 1;
    return hasChanges(plan) ? 2 : 0;
  });
};
