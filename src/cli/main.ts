/**
 * The CLI: parses argv into a typed request, runs one command, renders, returns the exit code.
 * Only the command that runs is loaded: --help and --version load nothing else.
 */
import { parseArgs } from "node:util";
import { isGitopsError } from "../errors.js";
import { closest } from "../specfile/suggest.js";
import { visible } from "../text.js";
import { VERSION } from "../version.js";
import type { CliCommand, OptionSpec } from "./args.js";
import { CLI_COMMANDS } from "./commands.js";
import type { CliIo } from "./io.js";

function optionHelp(name: string, o: OptionSpec): string {
  const flag = `--${name}${o.type === "string" ? ` ${o.valueName ?? "VALUE"}` : ""}`;
  return `  ${flag.padEnd(30)} ${o.help}`;
}

export function commandHelp(name: string, c: CliCommand): string {
  const lines = [`Usage: cognito-gitops ${name} ${c.usage}`, "", c.description, ""];
  const options = Object.entries(c.options);
  if (options.length > 0) {
    lines.push("Options:");
    for (const [n, o] of options) lines.push(optionHelp(n, o));
  }
  lines.push(optionHelp("help", { type: "boolean", help: "Show this help." }));
  if (c.exitCodes) lines.push("", "Exit codes:", ...c.exitCodes.map((e) => `  ${e}`));
  return `${lines.join("\n")}\n`;
}

export function mainHelp(): string {
  const lines = [
    "cognito-gitops: GitOps for Amazon Cognito user pool app clients.",
    "",
    "Usage: cognito-gitops <command> [options]",
    "",
    "Commands:",
    ...Object.entries(CLI_COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`),
    "",
    "Run 'cognito-gitops <command> --help' for a command's options.",
    "Docs: README.md. Spec schema: schemas/app-clients.schema.json.",
  ];
  return `${lines.join("\n")}\n`;
}

/** Node's parseArgs message, with a "did you mean" for a misspelt option. */
function parseArgsMessage(err: TypeError, command: CliCommand): string {
  const unknown = /^Unknown option '(--?[^']+)'/.exec(err.message)?.[1];
  if (!unknown) return visible(err.message);
  const name = unknown.replace(/^--?/, "").split("=")[0] ?? "";
  const hint = closest(name, [...Object.keys(command.options), "help"]);
  return `unknown option '${visible(unknown)}'${hint ? `; did you mean '--${hint}'?` : ""}`;
}

/** A command's arguments, as its options declare them. */
function parse(args: readonly string[], command: CliCommand) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(
        Object.entries(command.options).map(([n, o]) => [
          n,
          {
            type: o.type,
            ...(o.multiple ? { multiple: true } : {}),
            ...(o.short ? { short: o.short } : {}),
          },
        ]),
      ),
    },
  });
}

/** Runs the CLI; never throws: every failure becomes a message on stderr and an exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp());
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(CLI_COMMANDS, name) ? CLI_COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`error: unknown command "${name}"\n\n${mainHelp()}`);
    return 1;
  }
  try {
    const parsed = parse(rest, command);
    if (parsed.values.help) {
      io.stdout(commandHelp(name, command));
      return 0;
    }
    const run = await command.load();
    return await run(
      { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals },
      io,
    );
  } catch (err) {
    if (isGitopsError(err)) {
      io.stderr(`error: ${visible(err.message)}\n`);
      if (err.code === "Usage") io.stderr(`Run 'cognito-gitops ${name} --help' for usage.\n`);
      return 1;
    }
    if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`error: ${parseArgsMessage(err, command)}\nRun 'cognito-gitops ${name} --help' for usage.\n`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(
      `error: unexpected failure: ${visible(message)}\nPlease report this with the command you ran.\n`,
    );
    if (io.env.COGNITO_GITOPS_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return 1;
  }
}
