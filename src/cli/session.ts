/** The shared first half of plan, drift and apply: valid specs, then a connection to AWS. */
import {
  type AwsConnection,
  type AwsSettings,
  awsSettings,
  checkProfile,
  openAws,
  preloadAws,
} from "../cognito/connection.js";
import type { PlanOptions } from "../commands/plan.js";
import { planOptions } from "../commands/run-options.js";
import { validate } from "../commands/validate.js";
import { NO_AWS_CALL, renderValidationText } from "../render/validation-text.js";
import type { SpecFile } from "../specfile/load.js";
import { listOption, type ParsedArgs, specPaths, stringOption } from "./args.js";
import type { CliIo } from "./io.js";
import { progressFor } from "./progress.js";

/** Valid specs, and what planning them needs. */
export type Session = {
  specs: SpecFile[];
  options: PlanOptions;
  aws: AwsConnection;
  /** Clears the progress line (before the report is printed). */
  endProgress(): void;
};

/** The AWS settings from the --region, --profile, --endpoint and --rates flags, then the environment. */
export function settingsFromArgs(args: ParsedArgs, io: CliIo) {
  return awsSettings(
    {
      region: stringOption(args, "region"),
      profile: stringOption(args, "profile"),
      endpoint: stringOption(args, "endpoint"),
      rates: stringOption(args, "rates"),
    },
    io.env,
  );
}

/**
 * Opens AWS with the settings from `settingsFromArgs` (a named profile must exist); its notices
 * (throttling) go to stderr once.
 */
export async function openAwsFromArgs(
  args: ParsedArgs,
  io: CliIo,
  settings: AwsSettings,
): Promise<AwsConnection> {
  // Only the flag: AWS_PROFILE may be left set where credentials come from the environment.
  await checkProfile(stringOption(args, "profile"), io.env);
  return openAws(settings, (message) => io.stderr(`note: ${message}\n`));
}

/**
 * Validates the specs named on the command line, then runs `body` with them and an open AWS
 * connection (closed after). Invalid specs are printed and exit 1 before any AWS call.
 */
export async function withSession(
  args: ParsedArgs,
  io: CliIo,
  body: (session: Session) => Promise<number>,
): Promise<number> {
  preloadAws();
  const report = await validate(specPaths(args), io.cwd);
  if (!report.valid) {
    io.stderr(renderValidationText(report));
    io.stderr(`${NO_AWS_CALL}\n`);
    return 1;
  }
  const settings = settingsFromArgs(args, io);
  const aws = await openAwsFromArgs(args, io, settings);
  const progress = progressFor(io);
  let shown = true;
  const endProgress = () => {
    if (shown) progress.done();
    shown = false;
  };
  try {
    const options = await planOptions({
      paths: specPaths(args),
      cwd: io.cwd,
      connect: aws.connect,
      defaultRegion: settings.region,
      poolChecks: args.values["skip-pool-checks"] !== true,
      changedSince: stringOption(args, "changed-since"),
      pools: listOption(args, "pool"),
      clientNames: listOption(args, "client"),
      onProgress: progress.update,
    });
    return await body({ specs: report.specs, options, aws, endProgress });
  } finally {
    endProgress();
    aws.close();
  }
}
