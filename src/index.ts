/** The library API: `import { validate } from "cognito-gitops"`. */
export { type ValidationReport, validate } from "./commands/validate.js";
export { FIELDS, READ_ONLY_API_MEMBERS } from "./model/fields.js";
export { buildSchema } from "./model/schema.js";
export type { ClientSettings, ClientSpec, SpecDocument } from "./model/types.js";
export type { Diagnostic } from "./spec/diagnostics.js";
export { loadSpecFile } from "./spec/load.js";
