/** `cognito-gitops plan`. */
import { planSpecs } from "../commands/plan.js";
import { hasChanges } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import { renderPlanJson } from "../render/plan-json.js";
import { type CommandRun, failOnRiskOption, stringOption } from "./args.js";
import { outFile } from "./out-path.js";
import { planOutput, printPlan, runStats } from "./print-plan.js";
import { withSession } from "./session.js";

export const run: CommandRun = async (args, io) => {
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
};
