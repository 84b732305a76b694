/** The shared first half of plan, drift and apply: valid specs, then a connection to AWS. */
import { type AwsConnection, awsSettings, checkProfile, openAws, preloadAws } from "../cognito/connection.js";
import { changedSince } from "../commands/changed-since.js";
import type { PlanOptions } from "../commands/plan.js";
import { validate } from "../commands/validate.js";
import { renderValidationText } from "../render/validation-text.js";
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

/** Opens AWS from the flags (a named profile must exist); its notices (throttling) go to stderr once. */
export async function openAwsFromArgs(args: ParsedArgs, io: CliIo): Promise<AwsConnection> {
  const settings = settingsFromArgs(args, io);
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
    io.stderr("No AWS call was made: fix the specs first.\n");
    return 1;
  }
  const settings = settingsFromArgs(args, io);
  const since = stringOption(args, "changed-since");
  const selection = since ? await changedSince(since, specPaths(args), io.cwd) : undefined;
  const aws = await openAwsFromArgs(args, io);
  const progress = progressFor(io);
  const options: PlanOptions = {
    connect: aws.connect,
    defaultRegion: settings.region,
    pools: listOption(args, "pool"),
    clientNames: listOption(args, "client"),
    selection,
    poolChecks: args.values["skip-pool-checks"] !== true,
    onProgress: progress.update,
  };
  let shown = true;
  const endProgress = () => {
    if (shown) progress.done();
    shown = false;
  };
  try {
    return await body({ specs: report.specs, options, aws, endProgress });
  } finally {
    endProgress();
    aws.close();
  }
}
