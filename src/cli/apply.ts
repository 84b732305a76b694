/** `cognito-gitops apply`. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseSavedPlan } from "../apply/saved-plan.js";
import { ApplyStoppedError, applySpecs, converged, RiskRefusedError } from "../commands/apply.js";
import { GitopsError } from "../errors.js";
import {
  type CommandRun,
  failOnRiskOption,
  type ParsedArgs,
  stringOption,
  wholeNumberOption,
} from "./args.js";
import type { CliIo } from "./io.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

async function readSavedPlan(args: ParsedArgs, io: CliIo) {
  const planFile = stringOption(args, "plan-file");
  if (!planFile) return undefined;
  const text = await readFile(resolve(io.cwd, planFile), "utf8").catch(() => {
    throw new GitopsError("BadPlanFile", `${planFile}: cannot read this plan file`);
  });
  return parseSavedPlan(text, planFile);
}

/** The shell's convention for a process ended by a signal: 128 + its number. */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export const run: CommandRun = async (args, io) => {
  const output = planOutput(args);
  const maxChanges = wholeNumberOption(args, "max-changes");
  const failOnRisk = failOnRiskOption(args);
  const savedPlan = await readSavedPlan(args, io);
  return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
    // From here on, Ctrl-C stops new updates and prints what was done rather than ending the process.
    const signal = io.trapInterrupts?.();
    try {
      const { plan } = await applySpecs(specs, { ...options, savedPlan, maxChanges, failOnRisk, signal });
      endProgress();
      printPlan(plan, aws.stats, "apply", output, io);
      if (plan.interrupted) return SIGNAL_EXIT[plan.interrupted.signal] ?? 130;
      return converged(plan) ? 0 : 1;
    } catch (err) {
      if (err instanceof ApplyStoppedError) {
        // The run stops with an error, but not before saying what it wrote.
        endProgress();
        printPlan(err.plan, aws.stats, "apply", output, io);
      }
      if (!(err instanceof RiskRefusedError)) throw err;
      // What apply would have done, with its security review, then why it did nothing.
      endProgress();
      printPlan(err.plan, aws.stats, "plan", output, io);
      io.stderr(`error: ${err.message}\n`);
      return 3;
    }
  });
};
