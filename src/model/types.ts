/**
 * TypeScript types derived from the field table, so the spec type cannot drift from the
 * table (and the JSON Schema, which is built from the same table).
 */
import type { Field, FieldKey, MemberDef, ScalarKind, TokenKind, TokenUnit } from "./fields.js";
import type { RiskRuleId } from "./risk-ids.js";

type ScalarValue<K> = K extends { type: "string" | "url" }
  ? string
  : K extends { type: "boolean" }
    ? boolean
    : K extends { type: "integer" }
      ? number
      : K extends { type: "enum"; values: readonly (infer V)[] }
        ? V
        : never;

type ObjectValue<M extends MemberDef> = {
  [P in M as P extends { required: true } ? P["key"] : never]: ScalarValue<P["kind"]>;
} & {
  [P in M as P extends { required: true } ? never : P["key"]]?: ScalarValue<P["kind"]>;
};

type FieldValue<K> = K extends { type: "set"; item: infer I }
  ? ScalarValue<I>[]
  : K extends { type: "duration" }
    ? number
    : K extends { type: "object"; members: readonly (infer M extends MemberDef)[] }
      ? ObjectValue<M>
      : K extends ScalarKind
        ? ScalarValue<K>
        : never;

/** The managed settings of one app client, as a spec writes them. */
export type ClientSettings = {
  -readonly [F in Field as F["key"]]?: FieldValue<F["kind"]> | (F extends { nullable: true } ? null : never);
};

export type TokenValidityUnits = { [T in TokenKind]?: TokenUnit };

/** One entry of a spec file's `clients` list. */
export type ClientSpec = ClientSettings & {
  clientId?: string;
  tokenValidityUnits?: TokenValidityUnits;
  ignore?: FieldKey[];
  /** Risk rules whose findings on this client are accepted: still shown, never failing a run. */
  acceptRisks?: RiskRuleId[];
};

/** A whole spec file. */
export type SpecDocument = {
  userPoolId: string;
  region?: string;
  clients: ClientSpec[];
};
