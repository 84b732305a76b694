/** `cognito-gitops validate`. */
import { validate } from "../commands/validate.js";
import { renderValidationJson, renderValidationText } from "../render/validation-text.js";
import { type CliCommand, choiceOption, specPaths } from "./args.js";

export const VALIDATE: CliCommand = {
  summary: "Check spec files offline against the schema and AWS's rules.",
  usage: "[PATH ...] [--output text|json]",
  description:
    "Checks spec files (or every *.yaml / *.yml below the folders given; default: the current folder)\n" +
    "against the JSON Schema and the rules AWS enforces, without calling AWS. Every error in\n" +
    "every file is reported as FILE:LINE:COLUMN: message (spec path).",
  options: {
    output: { type: "string", valueName: "text|json", help: "Output format (default text)." },
  },
  exitCodes: ["0  every file is valid", "1  any file is invalid, or the command failed"],
  async run(args, io) {
    const output = choiceOption(args, "output", ["text", "json"] as const, "text");
    const report = await validate(specPaths(args), io.cwd);
    if (output === "json") io.stdout(renderValidationJson(report));
    else if (report.valid) io.stdout(renderValidationText(report));
    else io.stderr(renderValidationText(report));
    return report.valid ? 0 : 1;
  },
};
