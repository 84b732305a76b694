/**
 * The library API, for scripts and other tools:
 *   const report = await validate(["cognito"], process.cwd());
 *   const { plan } = await planSpecs(report.specs, { connect: (region) => new AwsCognito({ region }) });
 */

export { AwsCognito, type AwsOptions } from "./cognito/aws.js";
export type { ClientSummary, CognitoPort, LiveClient } from "./cognito/port.js";
export { type ApplyOptions, type ApplyResult, applySpecs } from "./commands/apply.js";
export { type PlanOptions, type PlanRun, planSpecs } from "./commands/plan.js";
export { type ValidationReport, validate } from "./commands/validate.js";
export { FIELDS, READ_ONLY_API_MEMBERS } from "./model/fields.js";
export { buildSchema } from "./model/schema.js";
export type { ClientSettings, ClientSpec, SpecDocument } from "./model/types.js";
export type { ClientPlan, Plan } from "./plan/model.js";
export { renderPlanJson } from "./render/plan-json.js";
export { renderPlanMarkdown } from "./render/plan-markdown.js";
export { renderPlanText } from "./render/plan-text.js";
export type { Diagnostic } from "./spec/diagnostics.js";
export { loadSpecFile } from "./spec/load.js";
