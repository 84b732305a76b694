/** What the workflow event says: the pull request of a run, and whether apply may run on it. */
import { readFile } from "node:fs/promises";
import type { ActionContext } from "./inputs.js";

/** Events whose run gets the sticky plan comment. */
const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(["pull_request", "pull_request_target"]);

/** The only events apply runs on: code on a branch of this repository, started by a push, a person or cron. */
const APPLY_EVENTS: ReadonlySet<string> = new Set(["push", "workflow_dispatch", "schedule"]);

export type PullRequestInfo = {
  number: number;
  /** The commit at the head of the pull request (what its author pushed). */
  headSha: string | undefined;
  /** Opened from a fork: the token is read-only and no AWS credentials reach the run. */
  fromFork: boolean;
};

type Payload = {
  pull_request?: {
    number?: unknown;
    head?: { sha?: unknown; repo?: { full_name?: unknown } | null };
    base?: { repo?: { full_name?: unknown } | null };
  };
};

/** The pull request of a pull_request run, from the event payload; undefined for any other event. */
export async function pullRequestOf(ctx: ActionContext): Promise<PullRequestInfo | undefined> {
  if (!PULL_REQUEST_EVENTS.has(ctx.eventName) || !ctx.eventPath) return undefined;
  let payload: Payload;
  try {
    payload = JSON.parse(await readFile(ctx.eventPath, "utf8")) as Payload;
  } catch {
    return undefined;
  }
  const pr = payload.pull_request;
  const n = pr?.number;
  if (typeof n !== "number" || !Number.isInteger(n)) return undefined;
  const head = pr?.head?.repo?.full_name;
  const base = pr?.base?.repo?.full_name ?? ctx.repository;
  return {
    number: n,
    headSha: typeof pr?.head?.sha === "string" ? pr.head.sha : undefined,
    fromFork: typeof head === "string" && typeof base === "string" && head !== base,
  };
}

/** Why apply must not run on this event; undefined when it may. */
export function applyRefusal(eventName: string): string | undefined {
  if (APPLY_EVENTS.has(eventName)) return undefined;
  const what = eventName || "an unknown";
  const why = eventName.startsWith("pull_request")
    ? "it runs a pull request's code, and a pull request must never change AWS"
    : "only a push to a branch, a manual dispatch or a schedule runs code that was merged";
  return (
    `command apply runs only on push, workflow_dispatch and schedule events, not on ${what} events: ${why}. ` +
    "Run plan on pull requests and apply on push to the default branch (see examples/workflows/apply-on-merge.yml). Nothing was changed."
  );
}
