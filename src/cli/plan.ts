/** `cognito-gitops plan`. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { planSpecs } from "../commands/plan.js";
import { hasChanges } from "../plan/model.js";
import { renderPlanJson } from "../render/plan-json.js";
import { type CommandRun, stringOption } from "./args.js";
import { planOutput, printPlan } from "./print-plan.js";
import { withSession } from "./session.js";

export const run: CommandRun = (args, io) => {
  const output = planOutput(args);
  return withSession(args, io, async ({ specs, options, aws, endProgress }) => {
    const { plan } = await planSpecs(specs, options);
    endProgress();
    printPlan(plan, aws.stats, "plan", output, io);
    const out = stringOption(args, "out");
    if (out) {
      const file = resolve(io.cwd, out);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, renderPlanJson(plan));
    }
    if (plan.summary.error > 0) return 1;
    return args.values["detailed-exitcode"] && hasChanges(plan) ? 2 : 0;
  });
};
