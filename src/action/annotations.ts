/** Annotations: validation errors and planned, drifted or failed clients, at their spec's file and line. */
import type { Plan, ReportMode } from "../plan/model.js";
import { updateVerb } from "../render/plan-text.js";
import { clientLabel, plural } from "../render/values.js";
import type { Diagnostic } from "../specfile/diagnostics.js";
import { visible } from "../text.js";

export type Annotation = {
  level: "error" | "warning" | "notice";
  title: string;
  message: string;
  file: string;
  line: number;
  column?: number;
};

/**
 * GitHub keeps 10 annotations of each type per step and drops the rest. One error is left for the
 * step's failure message and one warning for a run warning (a comment that could not be posted).
 */
const ANNOTATION_LIMITS: Readonly<Record<Annotation["level"], number>> = {
  error: 9,
  warning: 9,
  notice: 10,
};

export function diagnosticAnnotations(errors: readonly Diagnostic[]): Annotation[] {
  return errors.map((d) => ({
    level: "error",
    title: "cognito-gitops validate",
    message: visible(d.path ? `${d.message} (${d.path})` : d.message),
    file: d.file,
    line: d.line,
    column: d.column,
  }));
}

const VERB: Record<Exclude<ReportMode, "apply">, string> = {
  plan: "will be updated",
  drift: "drifted from its spec",
};

/**
 * Changed clients: a warning when they drifted, a notice for plan and apply (a warning for a
 * client an interrupted apply did not finish); failed clients: an error; each client warning: a
 * warning.
 */
export function planAnnotations(plan: Plan, mode: ReportMode): Annotation[] {
  const out: Annotation[] = [];
  for (const c of plan.clients) {
    const where = { file: c.source.file, line: c.source.line };
    if (c.action === "update") {
      const fields = c.changes.map((ch) => ch.field).join(", ");
      const since = mode === "drift" && c.lastModifiedDate ? ` (last modified ${c.lastModifiedDate})` : "";
      const stopped = c.outcome?.interrupted !== undefined;
      out.push({
        level: mode === "drift" || stopped ? "warning" : "notice",
        title: `cognito-gitops ${mode}`,
        message: `${clientLabel(c)} ${mode === "apply" ? updateVerb(c, mode) : VERB[mode]}: ${plural(c.changes.length, "field")} (${fields})${since}`,
        ...where,
      });
    } else if (c.action === "error") {
      out.push({
        level: "error",
        title: `cognito-gitops ${mode}`,
        message: `${clientLabel(c)}: ${visible(`${c.error.code}: ${c.error.message}`)}`,
        ...where,
      });
    }
    for (const w of c.warnings ?? []) {
      out.push({
        level: "warning",
        title: `cognito-gitops ${mode}`,
        message: `${clientLabel(c)}: ${w.message}`,
        ...where,
      });
    }
  }
  return out;
}

/** The first annotations of each level up to its limit, and how many of each were left out. */
export function capAnnotations(
  list: readonly Annotation[],
  limits: Readonly<Record<Annotation["level"], number>> = ANNOTATION_LIMITS,
): { shown: Annotation[]; omitted: Record<Annotation["level"], number> } {
  const seen = { error: 0, warning: 0, notice: 0 };
  const omitted = { error: 0, warning: 0, notice: 0 };
  const shown = list.filter((a) => {
    seen[a.level]++;
    if (seen[a.level] <= limits[a.level]) return true;
    omitted[a.level]++;
    return false;
  });
  return { shown, omitted };
}

/** "14 annotations left out (12 notices, 2 errors): ..." or undefined when none was. */
export function omittedNote(omitted: Record<Annotation["level"], number>): string | undefined {
  const parts = (["error", "warning", "notice"] as const)
    .filter((l) => omitted[l] > 0)
    .map((l) => plural(omitted[l], l));
  const total = omitted.error + omitted.warning + omitted.notice;
  if (total === 0) return undefined;
  return `${plural(total, "annotation")} left out (${parts.join(", ")}): GitHub shows at most 10 of each type per step. The job summary lists every client.`;
}
