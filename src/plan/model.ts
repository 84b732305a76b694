/** The plan: data, not text. Renderers turn it into text, Markdown or JSON. */
import type { Operation } from "fast-json-patch";
import type { FieldKey } from "../model/fields.js";

export type Action = "no-op" | "update" | "error";

export type Change = { field: FieldKey; before: unknown; after: unknown };

export type PlanError = { code: string; message: string };

export type ClientPlan = {
  userPoolId: string;
  region: string;
  clientId?: string;
  clientName?: string;
  source: { file: string; line: number };
  action: Action;
  changes: Change[];
  /** RFC 6902 patch from the live to the desired normalised document. */
  patch: Operation[];
  /** Hash of the live configuration that was read (never of the secret). */
  fingerprint?: string;
  /** Hash of the client's spec, so a saved plan can tell when the spec moved on. */
  specFingerprint: string;
  /** When the live client was last changed (drift reports show it). */
  lastModifiedDate?: string;
  error?: PlanError;
};

export type UnmanagedClient = { userPoolId: string; clientId: string; clientName: string };

export type PlanSummary = { clients: number; update: number; noOp: number; error: number; unmanaged: number };

export type Plan = {
  formatVersion: 1;
  summary: PlanSummary;
  clients: ClientPlan[];
  unmanaged: UnmanagedClient[];
};

export function summarize(
  clients: readonly ClientPlan[],
  unmanaged: readonly UnmanagedClient[],
): PlanSummary {
  const count = (a: Action) => clients.filter((c) => c.action === a).length;
  return {
    clients: clients.length,
    update: count("update"),
    noOp: count("no-op"),
    error: count("error"),
    unmanaged: unmanaged.length,
  };
}

export function makePlan(clients: ClientPlan[], unmanaged: UnmanagedClient[]): Plan {
  return { formatVersion: 1, summary: summarize(clients, unmanaged), clients, unmanaged };
}

export function hasChanges(plan: Plan): boolean {
  return plan.summary.update > 0;
}
