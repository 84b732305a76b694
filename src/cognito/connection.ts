/**
 * How the CLI and the Action reach AWS: settings from flags and the usual environment variables,
 * then one adapter per Region sharing one set of call counters. The AWS SDK loads only here, and
 * only when a command calls AWS, so validate and --help never pay for it.
 */
import { UsageError } from "../errors.js";
import { hasProxy, type ProxyEnv, proxyEnv } from "../net/proxy.js";
import type { CallStats } from "./aws.js";
import type { Rates } from "./limiter.js";
import type { CognitoPort, Connect } from "./port.js";

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

/** Flags first, then AWS_REGION, AWS_PROFILE, the Cognito endpoint variables and COGNITO_GITOPS_RATES. */
export function awsSettings(flags: AwsFlags, env: Readonly<Record<string, string | undefined>>): AwsSettings {
  const region = flags.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const profile = flags.profile || env.AWS_PROFILE;
  const endpoint = flags.endpoint || env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || env.AWS_ENDPOINT_URL;
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

/** One adapter per Region, opened on first use. `notice` gets the first notice only (throttling). */
export async function openAws(
  settings: AwsSettings,
  notice: (message: string) => void,
): Promise<AwsConnection> {
  const { AwsCognito, newCallStats } = await import("./aws.js");
  const { proxyAgents } = await import("../net/tunnel.js");
  const stats = newCallStats();
  const adapters = new Map<string, InstanceType<typeof AwsCognito>>();
  let noticed = false;
  const connect = (region: string): CognitoPort => {
    let adapter = adapters.get(region);
    if (!adapter) {
      adapter = new AwsCognito({
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
      adapters.set(region, adapter);
    }
    return adapter;
  };
  return {
    connect,
    stats,
    close() {
      for (const a of adapters.values()) a.destroy();
    },
  };
}
