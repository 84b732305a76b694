/** `cognito-gitops drift`. */
import { driftSpecs } from "../commands/drift.js";
import { hasChanges } from "../plan/model.js";
import { riskVerdict } from "../plan/risks.js";
import {
  AWS_OPTIONS,
  type CliCommand,
  FAIL_ON_RISK_OPTION,
  failOnRiskOption,
  OUTPUT_OPTION,
  SELECTOR_OPTIONS,
} from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const DRIFT: CliCommand = {
  summary: "Detect changes made outside Git (exit 2 when anything drifted).",
  usage: "[PATH ...] [--output text|markdown|json] [--fail-on-risk LEVEL]",
  description:
    "The plan's comparison read from the live side: which live clients no longer match their specs,\n" +
    "what changed, the security review of that change, and its cause from the spec files' Git\n" +
    "history: changed outside Git, or a Git change not yet applied. For scheduled runs; needs the\n" +
    "whole history (in GitHub Actions: fetch-depth: 0), else causes are unknown.",
  options: {
    output: OUTPUT_OPTION,
    "fail-on-risk": FAIL_ON_RISK_OPTION,
    ...SELECTOR_OPTIONS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  nothing drifted",
    "1  an error",
    "2  at least one client drifted",
    "3  with --fail-on-risk: the drift has an unaccepted risk at or above that severity",
  ],
  run(args, io) {
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
  },
};
