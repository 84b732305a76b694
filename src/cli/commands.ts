/** The CLI's command table: options, help text and how each command's result is printed. */
import { validate } from "../commands/validate.js";
import { UsageError } from "../errors.js";
import { renderValidationJson, renderValidationText } from "../render/validation.js";
import type { CliIo } from "./main.js";

export type OptionSpec = {
  type: "string" | "boolean";
  help: string;
  valueName?: string;
  multiple?: boolean;
  short?: string;
};

export type ParsedArgs = { values: Record<string, unknown>; positionals: string[] };

export type CommandSpec = {
  summary: string;
  usage: string;
  description: string;
  options: Record<string, OptionSpec>;
  exitCodes?: string[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
};

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = stringOption(args, name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}; got "${v}"`);
  }
  return v as T;
}

function specPaths(args: ParsedArgs): string[] {
  return args.positionals.length > 0 ? args.positionals : ["."];
}

const VALIDATE: CommandSpec = {
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

export const COMMANDS: Record<string, CommandSpec> = {
  validate: VALIDATE,
};
