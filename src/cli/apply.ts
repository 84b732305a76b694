/** `cognito-gitops apply`. */
import { ApplyRefusedError, ApplyStoppedError, applySpecs } from "../commands/apply.js";
import { readSavedPlanFile } from "../commands/run-options.js";
import { verdictOf } from "../plan/verdict.js";
import { type CommandRun, failOnRiskOption, stringOption, wholeNumberOption } from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const run: CommandRun = async (args, io) => {
  const output = planOutput(args);
  const maxChanges = wholeNumberOption(args, "max-changes");
  const failOnRisk = failOnRiskOption(args);
  const planFile = stringOption(args, "plan-file");
  const savedPlan = planFile ? await readSavedPlanFile(planFile, io.cwd) : undefined;
  return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
    // From here on, Ctrl-C stops new updates and prints what was done rather than ending the process.
    const signal = io.trapInterrupts?.();
    try {
      const { plan } = await applySpecs(specs, { ...options, savedPlan, maxChanges, failOnRisk, signal });
      endProgress();
      printPlan(plan, aws.stats, "apply", output, io);
      return verdictOf(plan, "apply").code;
    } catch (err) {
      if (err instanceof ApplyStoppedError) {
        // The run stops with an error, but not before saying what it wrote.
        endProgress();
        printPlan(err.plan, aws.stats, "apply", output, io);
      }
      if (!(err instanceof ApplyRefusedError && err.reason === "risk")) throw err;
      // What apply would have done, with its security review, then why it did nothing.
      endProgress();
      printPlan(err.plan, aws.stats, "plan", output, io);
      io.stderr(`error: ${err.message}\n`);
      return 3;
    }
  });
};
