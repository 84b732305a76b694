/** Everything the CLI touches outside itself, so tests can run it in-process. */
export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal: the progress line, written there, is refreshed in place only then. */
  stderrIsTTY: boolean;
  /**
   * From now on, SIGINT and SIGTERM abort the returned signal (its reason: the signal's name)
   * instead of ending the process, so the command can stop cleanly and report.
   */
  trapInterrupts?(): AbortSignal;
};
