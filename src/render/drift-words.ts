/**
 * How a drift report reads: from the live side ("live has / Git says", "added outside Git"), with
 * the cause of each drift and the notes on missing Git history. Shared by text and Markdown.
 */
import type { Change, ClientPlan, HistoryGap, Plan } from "../plan/model.js";
import { plural, visible } from "../text.js";
import { showSide } from "./values.js";

export type DriftLine = { label: string; text: string };

/** A drifted field as lines: set items added or removed outside Git, anything else live vs Git. */
export function driftLines(change: Change): DriftLine[] {
  if (change.kind === "set") {
    // The plan's change goes from live to spec: what apply would remove is what was added outside Git.
    return [
      ...change.removed.map((text) => ({ label: "added outside Git", text: visible(text) })),
      ...change.added.map((text) => ({ label: "removed outside Git", text: visible(text) })),
    ];
  }
  return [
    { label: "live has", text: showSide(change, "before") },
    { label: "Git says", text: showSide(change, "after") },
  ];
}

/** "2026-11-30T14:02:11.000Z" as "2026-11-30 14:02 UTC". */
function shortTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : visible(iso);
}

/** Why one field drifted, in words. */
function causeText(change: Change, lastModifiedDate: string | undefined): string {
  const modified = lastModifiedDate ? ` (live last modified ${shortTime(lastModifiedDate)})` : "";
  switch (change.cause) {
    case "outside-git":
      return `changed outside Git${modified}`;
    case "unapplied": {
      const s = change.since;
      return s
        ? `not yet applied: changed in Git by ${s.commit.slice(0, 7)} '${visible(s.subject)}' (${visible(s.date.slice(0, 10))})`
        : "not yet applied: the spec's change is not committed yet";
    }
    case "unknown":
      return `cause unknown, no Git history to tell${modified}`;
    default:
      // A plan made without looking at Git (not by driftSpecs): only when live changed.
      return lastModifiedDate ? `live last modified ${shortTime(lastModifiedDate)}` : "";
  }
}

/** A drifted field's heading: its name, then its cause unless all the client's fields share one. */
export function driftHead(c: ClientPlan, change: Change, shared: boolean): string {
  const cause = shared ? "" : causeText(change, c.lastModifiedDate);
  return `${change.field}:${cause ? ` ${cause}` : ""}`;
}

/** The cause of a client's drift when all its fields share it (possibly "" to say); undefined when they differ. */
export function sharedCause(c: ClientPlan): string | undefined {
  const causes = new Set(c.changes.map((ch) => causeText(ch, c.lastModifiedDate)));
  return causes.size <= 1 ? ([...causes][0] ?? "") : undefined;
}

const GAP_WORDS: Record<HistoryGap["reason"], string> = {
  "no-git": "git is not installed here",
  "not-a-repository": "the spec files are not in a Git repository",
  shallow:
    "this is a shallow clone without the spec files' history; in GitHub Actions, give actions/checkout `fetch-depth: 0` (elsewhere: `git fetch --unshallow`)",
  "not-committed": "these spec files have no commits yet",
  "git-error": "git could not read their history",
};

/** One note per gap in the Git history: which causes are unknown, why, and how to fix it. */
export function historyNotes(plan: Plan): string[] {
  return (plan.historyGaps ?? []).map((g) => {
    const files =
      g.files.length > 0 ? ` of ${plural(g.files.length, "spec file")} (${g.files.join(", ")})` : "";
    const detail = g.detail && g.reason !== "shallow" ? ` (${g.detail})` : "";
    return visible(`Drift causes${files} are unknown: ${GAP_WORDS[g.reason]}${detail}.`);
  });
}

/** "Causes: 1 changed outside Git, 2 not yet applied." for a drift run with drift. */
export function causeSummary(plan: Plan): string | undefined {
  const d = plan.summary.drift;
  if (!d || d.outsideGit + d.unapplied + d.unknown === 0) return undefined;
  const parts = [
    d.outsideGit > 0 ? `${plural(d.outsideGit, "field")} changed outside Git` : "",
    d.unapplied > 0 ? `${plural(d.unapplied, "field")} not yet applied` : "",
    d.unknown > 0 ? `${plural(d.unknown, "field")} of unknown cause` : "",
  ].filter((p) => p !== "");
  return `Drift causes: ${parts.join(", ")}.`;
}
