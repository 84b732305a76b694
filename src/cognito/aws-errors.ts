/** How the adapter reads the AWS SDK's errors: retry, slow down, stop the run, or fail one client. */
import { GitopsError, isGitopsError, summarizeError, withRequestId } from "../errors.js";
import { CognitoError } from "./port.js";

/** Cognito's names for a throttled answer. */
const THROTTLE_CODES = new Set(["TooManyRequestsException", "ThrottlingException"]);
/** Answers worth another try: throttled, or a failure on AWS's side or in transit. */
const RETRYABLE_NAMES = new Set([
  ...THROTTLE_CODES,
  "InternalErrorException",
  "TimeoutError",
  "RequestTimeout",
]);
/** Failures that may pass: a connection cut or timed out, a DNS server that did not answer in time. */
const NETWORK_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]);

/**
 * Failures that do not pass by asking again: a host name that does not exist, nothing listening
 * (on AWS's endpoints, a wrong endpoint). Retrying them would cost minutes per request.
 */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ENOTFOUND: "its host name does not resolve",
  ECONNREFUSED: "the connection was refused",
};

type SdkLikeError = {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
};

/**
 * An HTTP answer that is not Amazon Cognito's (an HTML page, a proxy's 404, a wrong port): the SDK
 * says "Unexpected token '<'" or "UnknownError"; say the status and the endpoint instead.
 */
function notCognito(err: unknown, endpoint: string | undefined): string | undefined {
  const e = err as SdkLikeError;
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined || (e.name !== "SyntaxError" && e.name !== "Unknown" && e.name !== "UnknownError"))
    return undefined;
  const said =
    e.message && !/^Unknown(Error)?$/.test(e.message) && e.name !== "SyntaxError" ? ` (${e.message})` : "";
  return `${endpoint ?? "the endpoint"} answered HTTP ${status}${said}, which is not an Amazon Cognito answer: check --endpoint (or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER) and the Region`;
}

/** Whether an AWS error code (a CognitoError's `code`) says the request was throttled, and so not processed. */
export function isThrottleCode(code: string): boolean {
  return THROTTLE_CODES.has(code);
}

/** Whether an error the SDK threw is a throttled answer. */
export function isThrottle(err: unknown): boolean {
  return isThrottleCode((err as SdkLikeError)?.name ?? "");
}

/**
 * Operations the endpoint does not offer (an emulator answers some with a 500): asking again
 * cannot help.
 */
const NEVER_RETRIED = new Set(["UnknownOperationException", "Unsupported"]);

/** Throttling, AWS's internal errors, 5xx answers and network failures are worth another attempt. */
export function isRetryable(err: unknown): boolean {
  const e = err as SdkLikeError;
  if (!e || typeof e !== "object") return false;
  if (NEVER_RETRIED.has(e.name ?? "")) return false;
  if (RETRYABLE_NAMES.has(e.name ?? "")) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (NETWORK_CODES.has(e.code ?? "")) return true;
  return false;
}

function noCredentials(err: unknown): boolean {
  const e = err as SdkLikeError;
  return e?.name === "CredentialsProviderError" || e?.code === "CredentialsProviderError";
}

/**
 * The error a failed request ends with: missing credentials stop the whole run (a GitopsError),
 * anything else is a CognitoError that fails the one client it was for, with AWS's request ID
 * when there is one.
 */
export function requestFailure(
  err: unknown,
  attempts: number,
  endpoint?: string,
  credentialsWorked = false,
): Error {
  if (noCredentials(err)) {
    return new GitopsError(
      "NoCredentials",
      credentialsWorked
        ? "AWS credentials could no longer be loaded, though earlier requests of this run were signed with them: the session expired, or their source (profile, credential_process, OIDC token) stopped answering"
        : "no AWS credentials found: set AWS_PROFILE or --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use OIDC in GitHub Actions",
    );
  }
  const failed = (code: string, message: string, retryable: boolean) =>
    new CognitoError(code, withRequestId(message, requestIdOf(err)), retryable, attempts);
  const unexpected = notCognito(err, endpoint);
  if (unexpected) return failed("UnexpectedAnswer", unexpected, isRetryable(err));
  const { code, message } = summarizeError(err);
  const unreachable = UNREACHABLE[code];
  if (unreachable) {
    const where = endpoint ?? "the Cognito endpoint";
    return failed(
      code,
      `could not reach ${where}: ${unreachable} (${message}); check --endpoint (or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), the Region and the network`,
      false,
    );
  }
  if ((err as SdkLikeError)?.name === "TimeoutError") {
    const tries = attempts === 1 ? "" : ` (${attempts} attempts)`;
    const why = message.replace(/^@smithy\/node-http-handler - (\[ERROR\] )?/, "");
    return failed("TimeoutError", `Cognito did not answer in time${tries}: ${why}`, true);
  }
  return failed(code, message, isRetryable(err));
}

/** AWS's ID of the request, from the SDK's metadata (never anything else of the request). */
function requestIdOf(err: unknown): string | undefined {
  const id = (err as SdkLikeError)?.$metadata?.requestId;
  return typeof id === "string" && /^[\w-]{1,128}$/.test(id) ? id : undefined;
}

/**
 * What a request that failed outside the quota middleware (credentials and signing come after it
 * has let go) ends with: the same errors as those inside it. `credentialsWorked`: whether earlier
 * requests were signed, so that missing credentials have run out rather than never been there.
 */
export function failure(
  endpoint: string,
  credentialsWorked: () => boolean = () => false,
): (err: unknown) => never {
  return (err) => {
    if (err instanceof CognitoError || isGitopsError(err)) throw err;
    throw requestFailure(err, 1, endpoint, credentialsWorked());
  };
}

export async function* wrapPages<T>(
  pages: AsyncIterable<T>,
  fail: (err: unknown) => never,
): AsyncIterable<T> {
  try {
    yield* pages;
  } catch (err) {
    fail(err);
  }
}
