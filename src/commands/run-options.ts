/**
 * The options of a plan, drift or apply run, from what the CLI's flags or the Action's inputs ask
 * for; and the saved plan file apply may be held to. Both edges build them here, the same way.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseSavedPlan, type SavedPlan } from "../apply/saved-plan.js";
import type { Connect } from "../cognito/port.js";
import { GitopsError } from "../errors.js";
import { changedSince } from "./changed-since.js";
import type { PlanOptions, Progress } from "./plan.js";

/** What a run is asked to look at, and how. */
export type RunRequest = {
  /** The spec paths given, relative to `cwd`. */
  paths: readonly string[];
  cwd: string;
  connect: Connect;
  /** The --region flag or input, else AWS_REGION: for pools whose spec names none. */
  defaultRegion: string | undefined;
  poolChecks: boolean;
  /** plan and apply: only the clients whose spec entries changed since this Git ref. */
  changedSince?: string | undefined;
  /** Only these pools / client names (sharding); empty means all. */
  pools?: readonly string[] | undefined;
  clientNames?: readonly string[] | undefined;
  onProgress?: Progress | undefined;
};

/** The options planSpecs, driftSpecs and applySpecs take for `request` (Git is asked for changedSince). */
export async function planOptions(request: RunRequest): Promise<PlanOptions> {
  const since = request.changedSince;
  return {
    connect: request.connect,
    defaultRegion: request.defaultRegion,
    poolChecks: request.poolChecks,
    selection: since ? await changedSince(since, request.paths, request.cwd) : undefined,
    ...(request.pools ? { pools: request.pools } : {}),
    ...(request.clientNames ? { clientNames: request.clientNames } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  };
}

/** Reads a saved plan (`plan --out`, or the Action's plan-json) to hold an apply to. */
export async function readSavedPlanFile(file: string, cwd: string): Promise<SavedPlan> {
  const text = await readFile(resolve(cwd, file), "utf8").catch((err: unknown) => {
    const code = (err as { code?: unknown })?.code;
    const why = code === "ENOENT" ? "no such file" : typeof code === "string" ? code : String(err);
    throw new GitopsError("BadPlanFile", `${file}: cannot read this plan file (${why})`);
  });
  return parseSavedPlan(text, file);
}
