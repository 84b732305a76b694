import type { ClientSettings, TokenValidityUnits } from "./types.js";

/** App client settings in spec form: a spec's managed fields, or a whole live configuration. */
export type Settings = ClientSettings & { tokenValidityUnits?: TokenValidityUnits };
