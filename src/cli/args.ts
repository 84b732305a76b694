/** What a CLI command declares (options, help) and reads from its parsed arguments. */
import { UsageError } from "../errors.js";
import { type RiskSeverity, SEVERITIES } from "../model/risk-ids.js";
import type { CliIo } from "./io.js";

export type OptionSpec = {
  type: "string" | "boolean";
  help: string;
  valueName?: string;
  multiple?: boolean;
  short?: string;
};

export type ParsedArgs = { values: Record<string, unknown>; positionals: string[] };

/** Runs a command with its parsed arguments; returns the exit code. */
export type CommandRun = (args: ParsedArgs, io: CliIo) => Promise<number>;

/**
 * One CLI command: its help and options, known at start, and the code that runs it, loaded only
 * when it runs (so --help never loads the YAML parser, the schema validator or the AWS SDK).
 */
export type CliCommand = {
  summary: string;
  usage: string;
  description: string;
  options: Record<string, OptionSpec>;
  exitCodes?: string[];
  load(): Promise<CommandRun>;
};

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : [];
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

export function wholeNumberOption(args: ParsedArgs, name: string): number | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number; got "${v}"`);
  return Number(v);
}

/** The spec files and folders named, or the current folder. */
export function specPaths(args: ParsedArgs): string[] {
  return args.positionals.length > 0 ? args.positionals : ["."];
}

export const OUTPUT_OPTION = {
  type: "string",
  valueName: "text|markdown|json",
  help: "Output format (default text).",
} as const satisfies OptionSpec;

export const SELECTOR_OPTIONS = {
  pool: { type: "string", multiple: true, valueName: "ID", help: "Only this user pool (repeatable)." },
  client: {
    type: "string",
    multiple: true,
    valueName: "NAME",
    help: "Only clients with this name (repeatable).",
  },
} as const satisfies Record<string, OptionSpec>;

export const POOL_CHECK_OPTIONS = {
  "skip-pool-checks": {
    type: "boolean",
    help: "Do not read the pools (DescribeUserPool, ListIdentityProviders, ListResourceServers) to check updates against their attributes, identity providers, resource servers and tier.",
  },
} as const satisfies Record<string, OptionSpec>;

export const AWS_OPTIONS = {
  region: {
    type: "string",
    valueName: "REGION",
    help: "AWS Region for pools whose spec names none and whose ID does not start with one.",
  },
  profile: { type: "string", valueName: "NAME", help: "Named profile from the AWS config files." },
  rates: {
    type: "string",
    valueName: "R,W,P",
    help: "Request rates per second: account reads, account writes, per pool and operation (default 15,15,5; env: COGNITO_GITOPS_RATES).",
  },
  endpoint: {
    type: "string",
    valueName: "URL",
    help: "Cognito endpoint, e.g. a local emulator (env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).",
  },
} as const satisfies Record<string, OptionSpec>;

export const FAIL_ON_RISK_OPTION = {
  type: "string",
  valueName: "LEVEL",
  help: "high, medium or low: exit 3 when the security review finds an unaccepted risk of this severity or above (none, the default: never).",
} as const satisfies OptionSpec;

/** --fail-on-risk, read before any work so that a typo costs nothing; `none` is no gate, as in the Action. */
export function failOnRiskOption(args: ParsedArgs): RiskSeverity | undefined {
  const level = choiceOption(args, "fail-on-risk", ["none", ...SEVERITIES], "none");
  return level === "none" ? undefined : level;
}
