/** `cognito-gitops apply`. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseSavedPlan } from "../apply/saved-plan.js";
import { applySpecs, converged, RiskRefusedError } from "../commands/apply.js";
import { GitopsError } from "../errors.js";
import {
  AWS_OPTIONS,
  type CliCommand,
  FAIL_ON_RISK_OPTION,
  failOnRiskOption,
  OUTPUT_OPTION,
  type ParsedArgs,
  POOL_CHECK_OPTIONS,
  SELECTOR_OPTIONS,
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

export const APPLY: CliCommand = {
  summary: "Update the clients that differ from their specs, each with its whole configuration.",
  usage:
    "[PATH ...] [--plan-file FILE] [--max-changes N] [--fail-on-risk LEVEL] [--output text|markdown|json]",
  description:
    "Plans, then calls UpdateUserPoolClient once for each client that differs, and for no other.\n" +
    "Each request carries the client's whole live configuration with the spec's fields laid over it,\n" +
    "so nothing the spec leaves out is reset. Each updated client is read back and verified.",
  options: {
    "plan-file": {
      type: "string",
      valueName: "FILE",
      help: "Apply exactly this saved plan (from plan --out); clients that changed since are refused.",
    },
    "max-changes": {
      type: "string",
      valueName: "N",
      help: "Refuse the whole apply, before any write, if more than N clients would change.",
    },
    "fail-on-risk": {
      ...FAIL_ON_RISK_OPTION,
      help: "Refuse the whole apply, before any write, when a change has an unaccepted risk of this severity or above (exit 3).",
    },
    output: OUTPUT_OPTION,
    ...SELECTOR_OPTIONS,
    ...POOL_CHECK_OPTIONS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  every managed client converged",
    "1  any error: invalid specs, a failed or unverified update",
    "3  refused by --fail-on-risk: a change has an unaccepted risk at or above that severity; nothing was changed",
  ],
  async run(args, io) {
    const output = planOutput(args);
    const maxChanges = wholeNumberOption(args, "max-changes");
    const failOnRisk = failOnRiskOption(args);
    const savedPlan = await readSavedPlan(args, io);
    return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
      try {
        const { plan } = await applySpecs(specs, { ...options, savedPlan, maxChanges, failOnRisk });
        endProgress();
        printPlan(plan, aws.stats, "apply", output, io);
        return converged(plan) ? 0 : 1;
      } catch (err) {
        if (!(err instanceof RiskRefusedError)) throw err;
        // What apply would have done, with its security review, then why it did nothing.
        endProgress();
        printPlan(err.plan, aws.stats, "plan", output, io);
        io.stderr(`error: ${err.message}\n`);
        return 3;
      }
    });
  },
};
