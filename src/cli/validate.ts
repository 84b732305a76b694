/** `cognito-gitops validate`. */
import { validate } from "../commands/validate.js";
import { renderValidationJson, renderValidationText } from "../render/validation-text.js";
import { type CommandRun, choiceOption, specPaths } from "./args.js";

export const run: CommandRun = async (args, io) => {
  const output = choiceOption(args, "output", ["text", "json"] as const, "text");
  const report = await validate(specPaths(args), io.cwd);
  if (output === "json") io.stdout(renderValidationJson(report));
  else if (report.valid) io.stdout(renderValidationText(report));
  else io.stderr(renderValidationText(report));
  return report.valid ? 0 : 1;
};
