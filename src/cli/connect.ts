/** AWS connection flags and environment -> a port factory. The SDK is loaded only when needed. */
import type { CallStats } from "../cognito/aws.js";
import { parseRates, type Rates } from "../cognito/limiter.js";
import type { Connect } from "../commands/plan.js";
import type { ParsedArgs } from "./commands.js";
import { stringOption } from "./commands.js";
import type { CliIo } from "./main.js";

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
} as const;

export type AwsSettings = { region?: string; profile?: string; endpoint?: string; rates?: Rates };

export function awsSettings(args: ParsedArgs, io: CliIo): AwsSettings {
  const region = stringOption(args, "region") ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const profile = stringOption(args, "profile") ?? io.env.AWS_PROFILE;
  const endpoint =
    stringOption(args, "endpoint") ??
    io.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ??
    io.env.AWS_ENDPOINT_URL;
  const rates = parseRates(stringOption(args, "rates") ?? io.env.COGNITO_GITOPS_RATES);
  return {
    ...(rates ? { rates } : {}),
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

/** One adapter per Region, sharing one set of call counters. */
export async function connector(settings: AwsSettings, io: CliIo, stats: CallStats): Promise<Connect> {
  const { AwsCognito } = await import("../cognito/aws.js");
  let warned = false;
  return (region) =>
    new AwsCognito({
      region,
      ...(settings.profile ? { profile: settings.profile } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.rates ? { rates: settings.rates } : {}),
      stats,
      onNotice: (message) => {
        if (warned) return;
        warned = true;
        io.stderr(`note: ${message}\n`);
      },
    });
}
