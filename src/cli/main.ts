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

const HELP_WIDTH = 100;
const FLAG_WIDTH = 30;

/** `text` in lines of at most `width` characters, broken between words (or the pieces given). */
function wrap(text: string, width: number, words = text.split(" ")): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

function optionHelp(name: string, o: OptionSpec): string {
  const flag = `  --${name}${o.type === "string" ? ` ${o.valueName ?? "VALUE"}` : ""}`.padEnd(FLAG_WIDTH + 2);
  const indent = " ".repeat(FLAG_WIDTH + 3);
  const [first, ...rest] = wrap(o.help, HELP_WIDTH - indent.length);
  // A flag too long for its column has its help on the next line.
  const head = flag.length > FLAG_WIDTH + 2 ? [flag.trimEnd(), `${indent}${first}`] : [`${flag} ${first}`];
  return [...head, ...rest.map((l) => `${indent}${l}`)].join("\n");
}

export function commandHelp(name: string, c: CliCommand): string {
  const usage = `Usage: cognito-gitops ${name} `;
  // Broken between options, never inside one (`[--fail-on-risk LEVEL]`).
  const pieces = c.usage.match(/\[[^\]]*\]|\S+/g) ?? [];
  const [first, ...rest] = wrap(c.usage, HELP_WIDTH - usage.length, pieces);
  const lines = [
    `${usage}${first}`,
    ...rest.map((l) => `${" ".repeat(usage.length)}${l}`),
    "",
    c.description,
    "",
  ];
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
    "       cognito-gitops help <command>",
    "",
    "Commands:",
    ...Object.entries(CLI_COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     Show this help.",
    "  -V, --version  Print the version.",
    "",
    "Run 'cognito-gitops <command> --help' for a command's options.",
    "Docs: README.md. Spec schema: schemas/app-clients.schema.json.",
  ];
  return `${lines.join("\n")}\n`;
}

/** A command by name, or undefined. */
function commandNamed(name: string): CliCommand | undefined {
  return Object.hasOwn(CLI_COMMANDS, name) ? CLI_COMMANDS[name] : undefined;
}

/** "unknown command", with a "did you mean" for a misspelt one. */
function unknownCommand(name: string): string {
  const hint = closest(name, Object.keys(CLI_COMMANDS));
  return `error: unknown command "${visible(name)}"${hint ? `; did you mean "${hint}"?` : ""}\n\n${mainHelp()}`;
}

/** Node's parseArgs message, with a "did you mean" for a misspelt option. */
function parseArgsMessage(err: TypeError, command: CliCommand): string {
  const unknown = /^Unknown option '(--?[^']+)'/.exec(err.message)?.[1];
  // Node's message runs over several lines: one line here, as every other error.
  if (!unknown) return visible(err.message.split("\n").join(" "));
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
  if (name === undefined) {
    // Not what was asked for: the help goes where errors go, and the exit code says so.
    io.stderr(mainHelp());
    return 1;
  }
  if (name === "--help" || name === "-h" || (name === "help" && rest.length === 0)) {
    io.stdout(mainHelp());
    return 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (name === "help") {
    const [topic = ""] = rest;
    const named = commandNamed(topic);
    if (!named) {
      io.stderr(unknownCommand(topic));
      return 1;
    }
    io.stdout(commandHelp(topic, named));
    return 0;
  }
  const command = commandNamed(name);
  if (!command) {
    io.stderr(unknownCommand(name));
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
    const debug = Boolean(io.env.COGNITO_GITOPS_DEBUG);
    io.stderr(
      `error: unexpected failure: ${visible(message)}\nPlease report this with the command you ran${debug ? " and the stack trace below" : " (run it again with COGNITO_GITOPS_DEBUG=1 for a stack trace)"}.\n`,
    );
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    return 1;
  }
}
