/**
 * The library API, for scripts and other tools:
 *   const report = await validate(["cognito"], process.cwd());
 *   const { plan } = await planSpecs(report.specs, { connect: (region) => new AwsCognito({ region }) });
 */

export { AwsCognito, type AwsOptions } from "./cognito/aws.js";
export type { CognitoPort, Connect, UpdateResult } from "./cognito/port.js";
export { CognitoError } from "./cognito/port.js";
export {
  type ApplyOptions,
  ApplyRefusedError,
  type ApplyResult,
  ApplyStoppedError,
  applySpecs,
  type RefusalReason,
} from "./commands/apply.js";
export { type DriftOptions, driftSpecs } from "./commands/drift.js";
export { type PlanOptions, type PlanRun, planSpecs } from "./commands/plan.js";
export { validate } from "./commands/validate.js";
export { GitopsError } from "./errors.js";
export { FIELDS, READ_ONLY_API_MEMBERS } from "./model/fields.js";
export type { ClientSummary, LiveClient } from "./model/live.js";
export { RISK_RULE_IDS, type RiskRuleId, type RiskSeverity } from "./model/risk-ids.js";
export { buildSchema } from "./model/schema.js";
export type { ClientSettings, ClientSpec, SpecDocument } from "./model/types.js";
export type {
  ApplyOutcome,
  Change,
  ClientPlan,
  DriftCause,
  Plan,
  PlanError,
  ReportMode,
  Risk,
} from "./plan/model.js";
export { converged } from "./plan/model.js";
export { renderPlanJson } from "./render/plan-json.js";
export { renderPlanMarkdown } from "./render/plan-markdown.js";
export { renderPlanText } from "./render/plan-text.js";
export type { Diagnostic } from "./specfile/diagnostics.js";
export { type DeclaredClient, loadSpecFile, type SpecFile } from "./specfile/load.js";
export type { ValidationReport } from "./specfile/report.js";
