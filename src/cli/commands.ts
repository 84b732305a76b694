/** The CLI's command table: options, help text and how each command's result is printed. */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Outcome } from "../apply/execute.js";
import { parseSavedPlan } from "../apply/saved-plan.js";
import type { CallStats } from "../cognito/aws.js";
import { applySpecs } from "../commands/apply.js";
import { exportPool } from "../commands/export.js";
import { awsError, planSpecs, poolIdRegion, regionOf } from "../commands/plan.js";
import { type ValidationReport, validate } from "../commands/validate.js";
import { GitopsError, UsageError } from "../errors.js";
import { hasChanges, type Plan } from "../plan/model.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { type Mode, renderPlanText } from "../render/plan-text.js";
import { renderValidationJson, renderValidationText } from "../render/validation.js";
import { plural } from "../render/values.js";
import { AWS_OPTIONS, awsSettings, connector } from "./connect.js";
import type { CliIo } from "./main.js";
import { progressLine } from "./progress.js";

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

function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : [];
}

function printInvalid(report: ValidationReport, io: CliIo): number {
  io.stderr(renderValidationText(report));
  io.stderr("No AWS call was made: fix the specs first.\n");
  return 1;
}

const OUTPUT = {
  type: "string",
  valueName: "text|markdown|json",
  help: "Output format (default text).",
} as const;
const SELECTORS = {
  pool: { type: "string", multiple: true, valueName: "ID", help: "Only this user pool (repeatable)." },
  client: {
    type: "string",
    multiple: true,
    valueName: "NAME",
    help: "Only clients with this name (repeatable).",
  },
} as const;

type Compared = { plan: Plan; stats: CallStats };

/** Validated specs and what planning needs: the shared first half of plan, drift and apply. */
async function prepare(args: ParsedArgs, io: CliIo) {
  const report = await validate(specPaths(args), io.cwd);
  if (!report.valid) return printInvalid(report, io);
  const settings = awsSettings(args, io);
  const stats: CallStats = { calls: new Map(), throttled: 0 };
  const progress = io.isTTY ? progressLine(io.stderr) : undefined;
  const options = {
    connect: await connector(settings, io, stats),
    defaultRegion: settings.region,
    pools: listOption(args, "pool"),
    clientNames: listOption(args, "client"),
    ...(progress ? { onProgress: progress.update } : {}),
  };
  return { specs: report.specs, options, stats, progress };
}

async function compare(args: ParsedArgs, io: CliIo): Promise<Compared | number> {
  const prepared = await prepare(args, io);
  if (typeof prepared === "number") return prepared;
  const { plan } = await planSpecs(prepared.specs, prepared.options).finally(() => prepared.progress?.done());
  return { plan, stats: prepared.stats };
}

function printPlan(
  plan: Plan,
  stats: CallStats,
  mode: Mode,
  args: ParsedArgs,
  io: CliIo,
  outcomes?: readonly Outcome[],
): void {
  const output = choiceOption(args, "output", ["text", "markdown", "json"] as const, "text");
  const perClient = outcomes
    ? (i: number) => {
        const o = outcomes[i];
        return o ? { applied: o.applied, converged: o.converged, attempts: o.attempts } : {};
      }
    : undefined;
  const extra = { calls: Object.fromEntries(stats.calls), throttled: stats.throttled };
  if (output === "json") io.stdout(renderPlanJson(plan, extra, perClient));
  else if (output === "markdown") io.stdout(renderPlanMarkdown(plan, { mode }));
  else {
    const attempts = outcomes?.map((o) => o.attempts);
    const color = io.isTTY && io.env.NO_COLOR === undefined;
    io.stdout(renderPlanText(plan, { mode, color, ...(attempts ? { attempts } : {}) }));
  }
}

const PLAN: CommandSpec = {
  summary: "Show what apply would change: live clients vs specs.",
  usage: "[PATH ...] [--output text|markdown|json] [--out FILE] [--detailed-exitcode]",
  description:
    "Validates the specs, reads the live clients of every pool they name (read-only calls), and\n" +
    "shows per client what would change, field by field. Invalid specs stop it before any AWS call.",
  options: {
    output: OUTPUT,
    out: {
      type: "string",
      valueName: "FILE",
      help: "Also save the JSON plan to FILE (for apply --plan-file).",
    },
    "detailed-exitcode": { type: "boolean", help: "Exit 2 when there are changes (as terraform plan)." },
    ...SELECTORS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  success (without --detailed-exitcode: changes or not)",
    "1  an error: invalid specs, AWS errors, a client not found",
    "2  with --detailed-exitcode: success, and there are changes",
  ],
  async run(args, io) {
    const compared = await compare(args, io);
    if (typeof compared === "number") return compared;
    const { plan, stats } = compared;
    printPlan(plan, stats, "plan", args, io);
    const out = stringOption(args, "out");
    if (out) {
      const file = resolve(io.cwd, out);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, renderPlanJson(plan));
    }
    if (plan.summary.error > 0) return 1;
    return args.values["detailed-exitcode"] && hasChanges(plan) ? 2 : 0;
  },
};

const DRIFT: CommandSpec = {
  summary: "Detect changes made outside Git (exit 2 when anything drifted).",
  usage: "[PATH ...] [--output text|markdown|json]",
  description:
    "The plan's comparison worded as drift: which live clients no longer match their specs, what\n" +
    "changed, and when each was last modified. For scheduled runs.",
  options: { output: OUTPUT, ...SELECTORS, ...AWS_OPTIONS },
  exitCodes: ["0  nothing drifted", "1  an error", "2  at least one client drifted"],
  async run(args, io) {
    const compared = await compare(args, io);
    if (typeof compared === "number") return compared;
    printPlan(compared.plan, compared.stats, "drift", args, io);
    if (compared.plan.summary.error > 0) return 1;
    return hasChanges(compared.plan) ? 2 : 0;
  },
};

function positiveInteger(args: ParsedArgs, name: string): number | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number; got "${v}"`);
  return Number(v);
}

const APPLY: CommandSpec = {
  summary: "Update the clients that differ from their specs, each with its whole configuration.",
  usage: "[PATH ...] [--plan-file FILE] [--max-changes N] [--output text|markdown|json]",
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
    output: OUTPUT,
    ...SELECTORS,
    ...AWS_OPTIONS,
  },
  exitCodes: [
    "0  every managed client converged",
    "1  any error: invalid specs, a failed or unverified update",
  ],
  async run(args, io) {
    const maxChanges = positiveInteger(args, "max-changes");
    const planFile = stringOption(args, "plan-file");
    const savedPlan = planFile
      ? parseSavedPlan(
          await readFile(resolve(io.cwd, planFile), "utf8").catch(() => {
            throw new GitopsError("BadPlanFile", `${planFile}: cannot read this plan file`);
          }),
          planFile,
        )
      : undefined;
    const prepared = await prepare(args, io);
    if (typeof prepared === "number") return prepared;
    const result = await applySpecs(prepared.specs, { ...prepared.options, savedPlan, maxChanges }).finally(
      () => prepared.progress?.done(),
    );
    printPlan(result.plan, prepared.stats, "apply", args, io, result.outcomes);
    const ok = result.plan.summary.error === 0 && result.outcomes.every((o) => o.converged);
    return ok ? 0 : 1;
  },
};

/** The schema file shipped with the tool: the nearest schemas/ above the running code. */
function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "schemas", "app-clients.schema.json");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return candidate;
    dir = parent;
  }
}

const EXPORT: CommandSpec = {
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
  },
  exitCodes: ["0  written", "1  an error"],
  async run(args, io) {
    const userPoolId = stringOption(args, "user-pool-id");
    if (!userPoolId) throw new UsageError("--user-pool-id is required");
    const settings = awsSettings(args, io);
    const region = regionOf({ userPoolId }, settings.region);
    const connect = await connector(settings, io, { calls: new Map(), throttled: 0 });
    const outDir = stringOption(args, "out");
    const dir = outDir ? resolve(io.cwd, outDir) : io.cwd;
    const result = await exportPool({
      port: connect(region),
      userPoolId,
      // Written only where the pool ID does not name its Region (plan reads that first).
      region: poolIdRegion(userPoolId) ? undefined : region,
      clientIds: listOption(args, "client-id"),
      schemaRef: relative(dir, schemaPath()),
    }).catch((err: unknown) => {
      if (err instanceof GitopsError) throw err;
      const e = awsError(err); // missing credentials throw their own clear error
      throw new GitopsError(e.code, `exporting user pool ${userPoolId}: ${e.code}: ${e.message}`);
    });
    if (!outDir) {
      io.stdout(result.yaml);
      return 0;
    }
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${userPoolId}.yaml`);
    await writeFile(file, result.yaml);
    io.stderr(`Wrote ${relative(io.cwd, file)} (${plural(result.clients.length, "client")}).\n`);
    return 0;
  },
};

export const COMMANDS: Record<string, CommandSpec> = {
  validate: VALIDATE,
  plan: PLAN,
  drift: DRIFT,
  apply: APPLY,
  export: EXPORT,
};
