/**
 * The CLI's commands: help and options, which load with the CLI, and the code that runs each,
 * which loads only when that command runs.
 */
import {
  AWS_OPTIONS,
  type CliCommand,
  FAIL_ON_RISK_OPTION,
  type OptionSpec,
  OUTPUT_OPTION,
  POOL_CHECK_OPTIONS,
  SELECTOR_OPTIONS,
} from "./args.js";

const CHANGED_SINCE = {
  "changed-since": {
    type: "string",
    valueName: "REF",
    help: "Read only the clients whose spec entries differ from those at Git ref REF (such as origin/main).",
  },
} as const satisfies Record<string, OptionSpec>;

const VALIDATE: CliCommand = {
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
  load: async () => (await import("./validate.js")).run,
};

const PLAN: CliCommand = {
  summary: "Show what apply would change: live clients vs specs.",
  usage:
    "[PATH ...] [--output text|markdown|json] [--out FILE] [--detailed-exitcode] [--fail-on-risk LEVEL] [--changed-since REF]",
  description:
    "Validates the specs, reads the live clients of every pool they name (read-only calls), and\n" +
    "shows per client what would change, field by field, with a security review of each change.\n" +
    "Invalid specs stop it before any AWS call.",
  options: {
    output: OUTPUT_OPTION,
    out: {
      type: "string",
      valueName: "FILE",
      help: "Also save the JSON plan to FILE (for apply --plan-file).",
    },
    "detailed-exitcode": { type: "boolean", help: "Exit 2 when there are changes (as terraform plan)." },
    "fail-on-risk": FAIL_ON_RISK_OPTION,
    ...CHANGED_SINCE,
    ...SELECTOR_OPTIONS,
    ...POOL_CHECK_OPTIONS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  success (without --detailed-exitcode: changes or not)",
    "1  an error: invalid specs, AWS errors, a client not found",
    "2  with --detailed-exitcode: success, and there are changes",
    "3  with --fail-on-risk: a change has an unaccepted risk at or above that severity",
  ],
  load: async () => (await import("./plan.js")).run,
};

const DRIFT: CliCommand = {
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
  load: async () => (await import("./drift.js")).run,
};

const APPLY: CliCommand = {
  summary: "Update the clients that differ from their specs, each with its whole configuration.",
  usage:
    "[PATH ...] [--plan-file FILE] [--max-changes N] [--fail-on-risk LEVEL] [--output text|markdown|json] [--changed-since REF]",
  description:
    "Plans, then calls UpdateUserPoolClient once for each client that differs, and for no other.\n" +
    "Each request carries the client's whole live configuration with the spec's fields laid over it,\n" +
    "so nothing the spec leaves out is reset. AWS's answer to each update is checked against the spec.\n" +
    "Ctrl-C (SIGINT) or SIGTERM: no new update starts, the report says what was done; exit 130/143.",
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
      help: "high, medium or low: refuse the whole apply, before any write, when a change has an unaccepted risk of this severity or above (exit 3; none, the default: never).",
    },
    output: OUTPUT_OPTION,
    ...CHANGED_SINCE,
    ...SELECTOR_OPTIONS,
    ...POOL_CHECK_OPTIONS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0    every managed client converged",
    "1    any error: invalid specs, a failed or unverified update",
    "3    refused by --fail-on-risk (an unaccepted risk at or above it): nothing was changed",
    "130  interrupted by SIGINT (143: SIGTERM); the report says what was done",
  ],
  load: async () => (await import("./apply.js")).run,
};

const EXPORT: CliCommand = {
  summary: "Write spec files from live clients, ready to commit.",
  usage: "--user-pool-id ID [--client-id ID ...] [--out DIR]",
  description:
    "Reads live app clients and writes them as a spec file (to stdout, or DIR/<pool>.yaml).\n" +
    "The client secret and read-only fields are never written. Plan against the export shows no changes.",
  options: {
    "user-pool-id": { type: "string", valueName: "ID", help: "The user pool to export (required)." },
    "client-id": { type: "string", multiple: true, valueName: "ID", help: "Only this client (repeatable)." },
    out: { type: "string", valueName: "DIR", help: "Write DIR/<userPoolId>.yaml instead of printing." },
    ...AWS_OPTIONS,
    region: {
      ...AWS_OPTIONS.region,
      help: "AWS Region of the pool, when its ID does not start with one (as emulators' IDs do).",
    },
  },
  exitCodes: ["0  written", "1  an error"],
  load: async () => (await import("./export.js")).run,
};

/** The CLI's commands, in the order help lists them. */
export const CLI_COMMANDS: Readonly<Record<string, CliCommand>> = {
  validate: VALIDATE,
  plan: PLAN,
  drift: DRIFT,
  apply: APPLY,
  export: EXPORT,
};
