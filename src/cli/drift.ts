/** `cognito-gitops drift`. */
import { driftSpecs } from "../commands/drift.js";
import { hasChanges } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import { type CommandRun, failOnRiskOption } from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const run: CommandRun = (args, io) => {
  const output = planOutput(args);
  const failOnRisk = failOnRiskOption(args);
  return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
    const { plan } = await driftSpecs(specs, { ...options, cwd: io.cwd });
    endProgress();
    printPlan(plan, aws.stats, "drift", output, io);
    if (plan.summary.error > 0) return 1;
    const verdict = riskVerdict(plan.clients, failOnRisk);
    if (verdict) {
      io.stderr(`error: ${verdict}\n`);
      return 3;
    }
    return hasChanges(plan) ? 2 : 0;
  });
};
