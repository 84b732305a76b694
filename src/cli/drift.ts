/** `cognito-gitops drift`. */
import { driftSpecs } from "../commands/drift.js";
import { verdictOf } from "../plan/verdict.js";
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
    const verdict = verdictOf(plan, "drift", { failOnRisk, failOnChanges: true });
    if (verdict.reason === "risk") io.stderr(`error: ${verdict.message}\n`);
    return verdict.code;
  });
};
