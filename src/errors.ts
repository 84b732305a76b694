/** Errors the tool raises on purpose: a code, a message a person can act on, and an exit code. */
export class GitopsError extends Error {
  override readonly name = "GitopsError";
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A mistake in how the tool was called (unknown flag, bad value). */
export class UsageError extends GitopsError {
  constructor(message: string) {
    super("Usage", message, 1);
  }
}
