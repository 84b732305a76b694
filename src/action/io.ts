/** What a run does to the world outside it: the log, annotations, outputs and the job summary. */
import type { Annotation } from "./annotations.js";

export interface ActionIo {
  /** Log text. It quotes specs and AWS, so it is never read as a workflow command. */
  log(text: string): void;
  annotate(annotation: Annotation): void;
  /** A problem that does not fail the step. */
  warning(message: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
}
