/**
 * How the CLI and the Action reach AWS: settings from flags and the usual environment variables,
 * then one adapter per Region sharing one set of call counters. The AWS SDK loads only here, and
 * only when a command calls AWS, so validate and --help never pay for it.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { isRegion } from "../model/region.js";
import { hasProxy, type ProxyEnv, proxyEnv } from "../net/proxy.js";
import type { CallStats } from "./aws.js";
import type { Rates } from "./limiter.js";
import { type Connect, sharedConnect } from "./port.js";

export type AwsSettings = {
  region?: string;
  profile?: string;
  endpoint?: string;
  rates?: Rates;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the SDK itself ignores them. */
  proxy?: ProxyEnv;
};

/** What a caller was given explicitly (flags, inputs); unset values fall back to the environment. */
export type AwsFlags = {
  region?: string | undefined;
  profile?: string | undefined;
  endpoint?: string | undefined;
  rates?: string | undefined;
};

/** `READ,WRITE,POOL` requests per second, such as `15,15,5`. */
export function parseRates(text: string | undefined): Rates | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",").map((p) => Number(p.trim()));
  const [accountRead, accountWrite, poolOperation] = parts;
  if (
    parts.length !== 3 ||
    !parts.every((n) => Number.isFinite(n) && n > 0) ||
    !accountRead ||
    !accountWrite ||
    !poolOperation
  ) {
    throw new UsageError(
      `rates must be three positive numbers READ,WRITE,POOL (requests per second), such as 15,15,5; got "${text}"`,
    );
  }
  return { accountRead, accountWrite, poolOperation };
}

/** The first value set, and where it came from (for a message that names it). */
function first(candidates: readonly [string, string | undefined][]): [string, string] | undefined {
  const hit = candidates.find(([, v]) => v !== undefined && v !== "");
  return hit ? [hit[0], hit[1] ?? ""] : undefined;
}

/** A Region and an endpoint are checked before any work: a typo would otherwise fail every request. */
function checked(region: [string, string] | undefined, endpoint: [string, string] | undefined) {
  if (region && !isRegion(region[1])) {
    throw new UsageError(`${region[0]} "${region[1]}" is not an AWS Region (such as us-east-1)`);
  }
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint[1]);
    } catch {
      url = undefined;
    }
    if (!url || !["http:", "https:"].includes(url.protocol) || url.hostname === "") {
      throw new UsageError(
        `${endpoint[0]} "${endpoint[1]}" is not an http(s) URL (such as https://cognito-idp.us-east-1.amazonaws.com or http://localhost:9229)`,
      );
    }
  }
}

/** How a message names each flag: the CLI's `--region` (the default), the Action's `input region`. */
export type FlagNames = { region?: string; endpoint?: string };

/** Flags first, then AWS_REGION, AWS_PROFILE, the Cognito endpoint variables and COGNITO_GITOPS_RATES. */
export function awsSettings(
  flags: AwsFlags,
  env: Readonly<Record<string, string | undefined>>,
  names: FlagNames = {},
): AwsSettings {
  const regionFrom = first([
    [names.region ?? "--region", flags.region],
    ["AWS_REGION", env.AWS_REGION],
    ["AWS_DEFAULT_REGION", env.AWS_DEFAULT_REGION],
  ]);
  const endpointFrom = first([
    [names.endpoint ?? "--endpoint", flags.endpoint],
    ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER],
    ["AWS_ENDPOINT_URL", env.AWS_ENDPOINT_URL],
  ]);
  checked(regionFrom, endpointFrom);
  const region = regionFrom?.[1];
  const endpoint = endpointFrom?.[1];
  const profile = flags.profile || env.AWS_PROFILE;
  const rates = parseRates(flags.rates || env.COGNITO_GITOPS_RATES || undefined);
  const proxy = proxyEnv(env);
  return {
    ...(hasProxy(proxy) ? { proxy } : {}),
    ...(rates ? { rates } : {}),
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

export type AwsConnection = {
  connect: Connect;
  /** Requests and throttled answers of every adapter opened. */
  stats: CallStats;
  /** Frees the SDK clients' sockets; the connection is not used after. */
  close(): void;
};

let adapterModule: Promise<typeof import("./aws.js")> | undefined;

/** Starts loading the AWS SDK, so that it loads while the specs are being read and checked. */
export function preloadAws(): void {
  adapterModule ??= import("./aws.js");
  adapterModule.catch(() => {}); // a failure shows where the module is awaited
}

/** One adapter per Region, opened on first use. `notice` gets the first notice only (throttling). */
export async function openAws(
  settings: AwsSettings,
  notice: (message: string) => void,
): Promise<AwsConnection> {
  preloadAws();
  const { AwsCognito, newCallStats } = await (adapterModule as Promise<typeof import("./aws.js")>);
  const { proxyAgents } = await import("../net/tunnel.js");
  const stats = newCallStats();
  const adapters: InstanceType<typeof AwsCognito>[] = [];
  let noticed = false;
  const connect = sharedConnect((region) => {
    const adapter = new AwsCognito({
      region,
      ...(settings.profile ? { profile: settings.profile } : {}),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.rates ? { rates: settings.rates } : {}),
      ...(settings.proxy ? { agents: proxyAgents(settings.proxy) } : {}),
      stats,
      onNotice: (message) => {
        if (!noticed) notice(message);
        noticed = true;
      },
    });
    adapters.push(adapter);
    return adapter;
  });
  return {
    connect,
    stats,
    close() {
      for (const a of adapters) a.destroy();
    },
  };
}

/**
 * A named profile must be in the AWS config or credentials file: the SDK would only say "Could not
 * load credentials from any providers", naming neither the profile nor the files it read.
 */
export async function checkProfile(
  profile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  if (profile === undefined || profile === "default") return;
  const home = env.HOME || homedir();
  const files = [
    env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
  ];
  const sections = new Set<string>();
  for (const f of files) {
    const text = await readFile(f, "utf8").catch(() => "");
    for (const m of text.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/gm)) sections.add(m[1] ?? "");
  }
  if (!sections.has(profile)) {
    throw new UsageError(`AWS profile "${profile}" is not in ${files.join(" or ")}`);
  }
}
