/** `cognito-gitops plan`. */
import { planSpecs } from "../commands/plan.js";
import { verdictOf } from "../plan/verdict.js";
import { renderPlanJson } from "../render/plan-json.js";
import { type CommandRun, failOnRiskOption, stringOption } from "./args.js";
import { outFile } from "./out-path.js";
import { planOutput, printPlan } from "./print-plan.js";
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
    await out?.write(renderPlanJson(plan, aws.stats));
    const failOnChanges = args.values["detailed-exitcode"] === true;
    const verdict = verdictOf(plan, "plan", { failOnRisk, failOnChanges });
    if (verdict.reason === "risk") io.stderr(`error: ${verdict.message}\n`);
    return verdict.code;
  });
};
