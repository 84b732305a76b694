/** Annotations: validation errors and planned, drifted or failed clients, at their spec's file and line. */
import type { Plan, ReportMode } from "../plan/model.js";
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

/** GitHub shows 10 annotations of a kind per step and 50 per job; more only floods the log. */
export const MAX_ANNOTATIONS = 50;

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

const VERB: Record<ReportMode, string> = {
  plan: "will be updated",
  drift: "drifted from its spec",
  apply: "updated and verified",
};

/**
 * Changed clients: a warning when they drifted, a notice for plan and apply; failed clients: an
 * error; each client warning: a warning.
 */
export function planAnnotations(plan: Plan, mode: ReportMode): Annotation[] {
  const out: Annotation[] = [];
  for (const c of plan.clients) {
    const where = { file: c.source.file, line: c.source.line };
    if (c.action === "update") {
      const fields = c.changes.map((ch) => ch.field).join(", ");
      const since = mode === "drift" && c.lastModifiedDate ? ` (last modified ${c.lastModifiedDate})` : "";
      out.push({
        level: mode === "drift" ? "warning" : "notice",
        title: `cognito-gitops ${mode}`,
        message: `${clientLabel(c)} ${VERB[mode]}: ${plural(c.changes.length, "field")} (${fields})${since}`,
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

/** The first `max` annotations of each level, and how many were left out. */
export function capAnnotations(
  list: readonly Annotation[],
  max = MAX_ANNOTATIONS,
): { shown: Annotation[]; omitted: number } {
  const seen = new Map<string, number>();
  const shown = list.filter((a) => {
    const n = (seen.get(a.level) ?? 0) + 1;
    seen.set(a.level, n);
    return n <= max;
  });
  return { shown, omitted: list.length - shown.length };
}
