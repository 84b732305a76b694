/** Errors the tool raises on purpose: a code and a message a person can act on. They stop the run. */
export class GitopsError extends Error {
  override readonly name = "GitopsError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A mistake in how the tool was called (unknown flag, bad value). */
export class UsageError extends GitopsError {
  constructor(message: string) {
    super("Usage", message);
  }
}

/**
 * Whether `err` is one of ours. The CLI loads each command from a bundle of its own, with its own
 * copy of these classes, so the class is recognised by name as well.
 */
export function isGitopsError(err: unknown): err is GitopsError {
  if (err instanceof GitopsError) return true;
  return (
    err instanceof Error && err.name === "GitopsError" && typeof (err as { code?: unknown }).code === "string"
  );
}

/**
 * Any thrown value as a code and the first line of its message (SDK messages run on with hints).
 * The code is the error's own `code` (ours, Node's ECONNRESET...), else its name (AWS exceptions).
 */
export function summarizeError(err: unknown): { code: string; message: string } {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null | undefined;
  const code =
    typeof e?.code === "string"
      ? e.code
      : typeof e?.name === "string" && e.name !== "Error"
        ? e.name
        : "Error";
  const message = String(typeof e?.message === "string" ? e.message : err).split("\n")[0] ?? "";
  return { code, message };
}

/** AWS's ID of a failed request, which AWS Support asks for, said after its message. */
export function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (AWS request ID ${requestId})` : message;
}

/** A message without its request IDs: failures that differ only by them are the same failure. */
export function withoutRequestId(message: string): string {
  return message.replace(/ \(AWS request ID [^)]*\)/g, "");
}

/** One line for a person: our own errors as they are, anything else as `Code: first line`. */
export function errorLine(err: unknown): string {
  if (isGitopsError(err)) return err.message;
  const { code, message } = summarizeError(err);
  return code === "Error" ? message : `${code}: ${message}`;
}

/** Rethrows an error that stops the whole run (ours, such as missing credentials); returns otherwise. */
export function rethrowFatal(err: unknown): void {
  if (isGitopsError(err)) throw err;
}
