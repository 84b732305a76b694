// Validation and normalisation of app client settings for the strict Cognito emulator.
// Mirrors the rules AWS enforces on CreateUserPoolClient / UpdateUserPoolClient (see
// /work/shared/design.md facts 4-5 and fields.md). Written from the AWS docs, not copied.

export type Json = Record<string, unknown>;

/** An AWS service error, answered as `{ __type, message }` with the SDK model's HTTP status. */
export class EmulatorError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const invalid = (message: string): EmulatorError =>
  new EmulatorError("InvalidParameterException", message);

/** Set-like members: AWS returns them re-sorted (we also drop duplicates). */
export const SET_MEMBERS = [
  "CallbackURLs",
  "LogoutURLs",
  "AllowedOAuthFlows",
  "AllowedOAuthScopes",
  "ExplicitAuthFlows",
  "SupportedIdentityProviders",
  "ReadAttributes",
  "WriteAttributes",
] as const;

/** Members UpdateUserPoolClient takes; any of them omitted from a request is reset to its default. */
export const UPDATABLE_MEMBERS: readonly string[] = [
  "ClientName",
  "RefreshTokenValidity",
  "AccessTokenValidity",
  "IdTokenValidity",
  "TokenValidityUnits",
  ...SET_MEMBERS,
  "DefaultRedirectURI",
  "AllowedOAuthFlowsUserPoolClient",
  "AnalyticsConfiguration",
  "PreventUserExistenceErrors",
  "EnableTokenRevocation",
  "EnablePropagateAdditionalUserContextData",
  "AuthSessionValidity",
  "RefreshTokenRotation",
];

/** Members DescribeUserPoolClient returns that no update can change. */
export const READ_ONLY_MEMBERS: readonly string[] = [
  "UserPoolId",
  "ClientId",
  "ClientSecret",
  "ClientType",
  "CreationDate",
  "LastModifiedDate",
];

export function rejectUnknownMembers(input: Json, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw invalid(`${where}: unknown member '${key}' in the request.`);
  }
}

const present = (input: Json, key: string): boolean => input[key] !== undefined && input[key] !== null;

export function optString(input: Json, key: string): string | undefined {
  if (!present(input, key)) return undefined;
  const value = input[key];
  if (typeof value !== "string") throw invalid(`${key} must be a string.`);
  return value;
}

export function requireString(input: Json, key: string): string {
  const value = optString(input, key);
  if (value === undefined) throw invalid(`1 validation error detected: ${key} must not be null.`);
  return value;
}

export function optInt(input: Json, key: string): number | undefined {
  if (!present(input, key)) return undefined;
  const value = input[key];
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalid(`${key} must be an integer.`);
  return value;
}

export function optBool(input: Json, key: string): boolean | undefined {
  if (!present(input, key)) return undefined;
  const value = input[key];
  if (typeof value !== "boolean") throw invalid(`${key} must be a boolean.`);
  return value;
}

function optObject(input: Json, key: string): Json | undefined {
  if (!present(input, key)) return undefined;
  const value = input[key];
  if (typeof value !== "object" || Array.isArray(value)) throw invalid(`${key} must be an object.`);
  return value as Json;
}

/** AWS counts the items as sent, duplicates included. */
const SET_LIMITS: Partial<Record<string, number>> = {
  CallbackURLs: 100,
  LogoutURLs: 100,
  AllowedOAuthScopes: 50,
  AllowedOAuthFlows: 3,
};

/** A set member: a list of strings within AWS's size limit, returned deduplicated and sorted. */
function optSet(input: Json, key: string): string[] | undefined {
  if (!present(input, key)) return undefined;
  const value = input[key];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalid(`${key} must be a list of strings.`);
  }
  const limit = SET_LIMITS[key];
  if (limit !== undefined && value.length > limit) {
    throw invalid(`${key} has ${value.length} items; at most ${limit} are allowed.`);
  }
  return [...new Set(value as string[])].sort();
}

function oneOf(member: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw invalid(`${member} value '${value}' is not valid; expected one of ${allowed.join(", ")}.`);
  }
}

const UNIT_SECONDS: Partial<Record<string, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
const TOKENS = [
  { member: "AccessTokenValidity", unit: "AccessToken", defaultUnit: "hours", min: 300, max: 86_400 },
  { member: "IdTokenValidity", unit: "IdToken", defaultUnit: "hours", min: 300, max: 86_400 },
  { member: "RefreshTokenValidity", unit: "RefreshToken", defaultUnit: "days", min: 3600, max: 315_360_000 },
];
const RANGE_TEXT: Record<number, string> = {
  300: "5 minutes",
  86400: "1 day",
  3600: "60 minutes",
  315360000: "10 years",
};

function tokenValidity(input: Json, out: Json): void {
  const unitsIn = optObject(input, "TokenValidityUnits") ?? {};
  rejectUnknownMembers(unitsIn, ["AccessToken", "IdToken", "RefreshToken"], "TokenValidityUnits");
  const units: Record<string, string> = {};
  for (const token of TOKENS) {
    let unit = optString(unitsIn, token.unit) ?? token.defaultUnit;
    oneOf(`TokenValidityUnits.${token.unit}`, unit, Object.keys(UNIT_SECONDS));
    let value = optInt(input, token.member);
    if (token.member === "RefreshTokenValidity" && (value === undefined || value === 0)) {
      // AWS: a refresh token validity of 0 (or none) becomes the default, 30 days.
      value = 30;
      unit = "days";
    }
    units[token.unit] = unit;
    if (value === undefined) continue;
    const seconds = value * (UNIT_SECONDS[unit] ?? 0);
    if (seconds < token.min || seconds > token.max) {
      const range = `${RANGE_TEXT[token.min]} to ${RANGE_TEXT[token.max]}`;
      throw invalid(
        `Invalid range for token validity: ${token.member} ${value} ${unit} is outside ${range}.`,
      );
    }
    out[token.member] = value;
  }
  out.TokenValidityUnits = units;
}

/**
 * AWS checks redirect URLs as written (it compares them as exact strings later): no URL parser
 * normalises them first, so `http://0x7f.1/` is not a loopback address and `https:host` is no URL.
 */
function checkUrl(member: string, url: string): void {
  if (url.length < 1 || url.length > 1024) throw invalid(`${member}: URLs must be 1-1024 characters long.`);
  if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(url)) {
    throw invalid(
      `${member}: '${url}' failed to satisfy constraint: Member must satisfy regular expression pattern.`,
    );
  }
  if (url.includes("#")) throw invalid(`${member}: '${url}' must not contain a fragment.`);
  if (url.includes("*")) throw invalid(`${member}: '${url}' must not contain a wildcard.`);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.+)$/s.exec(url);
  if (!m) throw invalid(`${member}: '${url}' is not an absolute URL.`);
  const scheme = (m[1] ?? "").toLowerCase();
  const rest = m[2] ?? "";
  if (scheme !== "http" && scheme !== "https") return;
  if (!rest.startsWith("//")) throw invalid(`${member}: '${url}' is not an absolute URL.`);
  const hostPort = (rest.slice(2).split(/[/?]/, 1)[0] ?? "").replace(/^.*@/, "");
  const host = hostPort.startsWith("[")
    ? hostPort.slice(0, hostPort.indexOf("]") + 1)
    : hostPort.split(":")[0];
  if (!host) throw invalid(`${member}: '${url}' has no host.`);
  if (scheme === "http" && !["localhost", "127.0.0.1", "[::1]"].includes(host)) {
    throw invalid(`${member}: '${url}' must use HTTPS (plain http is allowed only for localhost).`);
  }
}

const ALLOW_FLOWS = [
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_USER_AUTH",
];
const LEGACY_FLOWS = ["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"];

function explicitAuthFlows(flows: string[]): void {
  for (const flow of flows) oneOf("ExplicitAuthFlows", flow, [...ALLOW_FLOWS, ...LEGACY_FLOWS]);
  const hasAllow = flows.some((flow) => ALLOW_FLOWS.includes(flow));
  if (hasAllow && flows.some((flow) => LEGACY_FLOWS.includes(flow))) {
    throw invalid("ExplicitAuthFlows cannot mix legacy values (ADMIN_NO_SRP_AUTH, ...) with ALLOW_* values.");
  }
}

const USER_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];
const oauthFlow = (message: string) => new EmulatorError("InvalidOAuthFlowException", message);

function oauth(out: Json, hasSecret: boolean): void {
  const flows = out.AllowedOAuthFlows as string[] | undefined;
  const scopes = out.AllowedOAuthScopes as string[] | undefined;
  for (const flow of flows ?? [])
    oneOf("AllowedOAuthFlows", flow, ["code", "implicit", "client_credentials"]);
  if (flows?.includes("client_credentials") && flows.length > 1) {
    throw invalid("AllowedOAuthFlows: client_credentials cannot be combined with other OAuth flows.");
  }
  if (flows?.includes("client_credentials") && scopes?.some((x) => USER_SCOPES.includes(x))) {
    throw oauthFlow("client_credentials flow can not be selected with user scopes (openid, email, ...).");
  }
  if (flows?.includes("client_credentials") && !hasSecret) {
    throw oauthFlow("client_credentials flow can not be selected if client does not have a client secret.");
  }
  if ((flows || scopes) && out.AllowedOAuthFlowsUserPoolClient !== true) {
    throw invalid(
      "AllowedOAuthFlows and AllowedOAuthScopes require AllowedOAuthFlowsUserPoolClient to be true.",
    );
  }
  if (out.AllowedOAuthFlowsUserPoolClient === true && (!flows || !scopes)) {
    throw oauthFlow(
      "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
    );
  }
  const callbacks = (out.CallbackURLs as string[] | undefined) ?? [];
  for (const url of callbacks) checkUrl("CallbackURLs", url);
  for (const url of (out.LogoutURLs as string[] | undefined) ?? []) checkUrl("LogoutURLs", url);
  const defaultUri = out.DefaultRedirectURI as string | undefined;
  if (defaultUri !== undefined) {
    checkUrl("DefaultRedirectURI", defaultUri);
    if (!callbacks.includes(defaultUri)) throw invalid("DefaultRedirectURI must be one of the CallbackURLs.");
  }
}

function analytics(config: Json): Json {
  rejectUnknownMembers(
    config,
    ["ApplicationId", "ApplicationArn", "RoleArn", "ExternalId", "UserDataShared"],
    "AnalyticsConfiguration",
  );
  const byId = ["ApplicationId", "RoleArn", "ExternalId"].every(
    (key) => optString(config, key) !== undefined,
  );
  if (optString(config, "ApplicationArn") === undefined && !byId) {
    throw invalid(
      "AnalyticsConfiguration needs ApplicationArn, or ApplicationId with RoleArn and ExternalId.",
    );
  }
  optBool(config, "UserDataShared");
  return { ...config };
}

function refreshTokenRotation(config: Json): Json {
  rejectUnknownMembers(config, ["Feature", "RetryGracePeriodSeconds"], "RefreshTokenRotation");
  oneOf("RefreshTokenRotation.Feature", requireString(config, "Feature"), ["ENABLED", "DISABLED"]);
  const grace = optInt(config, "RetryGracePeriodSeconds");
  if (grace !== undefined && (grace < 0 || grace > 60)) {
    throw invalid("RefreshTokenRotation.RetryGracePeriodSeconds must be 0-60.");
  }
  return { ...config };
}

/**
 * Validates the updatable members of a create/update request and returns the client settings AWS
 * would store: omitted members absent or at their AWS default, sets sorted.
 */
export function normaliseSettings(input: Json, options: { hasSecret: boolean; keepName?: string }): Json {
  const out: Json = {};
  const name = optString(input, "ClientName") ?? options.keepName;
  if (name === undefined) throw invalid("1 validation error detected: ClientName must not be null.");
  // Java's \s, as AWS's pattern [\w\s+=,.@-]+ means it: ASCII whitespace only.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: \x0B (vertical tab) is one of Java's \s
  if (!/^[\w \t\n\x0B\f\r+=,.@-]{1,128}$/.test(name)) {
    throw invalid(`ClientName '${name}' must be 1-128 characters matching [\\w\\s+=,.@-]+.`);
  }
  out.ClientName = name;
  tokenValidity(input, out);
  for (const member of SET_MEMBERS) {
    const list = optSet(input, member);
    if (list !== undefined && list.length > 0) out[member] = list;
  }
  if (out.ExplicitAuthFlows) explicitAuthFlows(out.ExplicitAuthFlows as string[]);
  for (const idp of (out.SupportedIdentityProviders as string[] | undefined) ?? []) {
    if (idp.length < 1 || idp.length > 32)
      throw invalid("SupportedIdentityProviders entries must be 1-32 chars.");
  }
  const defaultUri = optString(input, "DefaultRedirectURI");
  if (defaultUri !== undefined) out.DefaultRedirectURI = defaultUri;
  out.AllowedOAuthFlowsUserPoolClient = optBool(input, "AllowedOAuthFlowsUserPoolClient") ?? false;
  oauth(out, options.hasSecret);
  const analyticsConfig = optObject(input, "AnalyticsConfiguration");
  if (analyticsConfig) out.AnalyticsConfiguration = analytics(analyticsConfig);
  const prevent = optString(input, "PreventUserExistenceErrors") ?? "LEGACY";
  oneOf("PreventUserExistenceErrors", prevent, ["LEGACY", "ENABLED"]);
  out.PreventUserExistenceErrors = prevent;
  out.EnableTokenRevocation = optBool(input, "EnableTokenRevocation") ?? true;
  const propagate = optBool(input, "EnablePropagateAdditionalUserContextData") ?? false;
  if (propagate && !options.hasSecret) {
    throw invalid("EnablePropagateAdditionalUserContextData can only be enabled on a client with a secret.");
  }
  out.EnablePropagateAdditionalUserContextData = propagate;
  const session = optInt(input, "AuthSessionValidity") ?? 3;
  if (session < 3 || session > 15) throw invalid(`AuthSessionValidity ${session} is outside 3-15 minutes.`);
  out.AuthSessionValidity = session;
  const rotation = optObject(input, "RefreshTokenRotation");
  if (rotation) out.RefreshTokenRotation = refreshTokenRotation(rotation);
  return out;
}
