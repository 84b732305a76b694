/** Builds the JSON Schema of spec files from the field table (schemas/app-clients.schema.json). */

import { HIDDEN_CHARACTERS } from "../text.js";
import {
  FIELDS,
  type FieldDef,
  type FieldKind,
  type ScalarKind,
  TOKEN_UNITS,
  type TokenKind,
} from "./fields.js";
import { REGION_PATTERN } from "./region.js";
import { RISK_RULE_IDS } from "./risk-ids.js";

type JsonSchema = Record<string, unknown>;

/**
 * Every string field refuses control, format and line-separator characters, as AWS's own
 * patterns do: a lookahead, so that a field's own pattern still applies.
 */
function printable(pattern: string | undefined): string {
  const only = `[^${HIDDEN_CHARACTERS}]*$`;
  return pattern === undefined ? `^${only}` : `(?=^${only})${pattern}`;
}

export const SCHEMA_ID = "https://github.com/cognito-gitops/cognito-gitops/schemas/app-clients.schema.json";

/** What a user pool ID looks like (us-east-1_EXAMPLE1). */
export const USER_POOL_ID_PATTERN = "^[\\w-]+_[0-9a-zA-Z]+$";

function scalarSchema(kind: ScalarKind): JsonSchema {
  switch (kind.type) {
    case "string": {
      const s: JsonSchema = { type: "string" };
      if (kind.minLength !== undefined) s.minLength = kind.minLength;
      if (kind.maxLength !== undefined) s.maxLength = kind.maxLength;
      s.pattern = printable(kind.pattern);
      if (kind.patternHelp !== undefined) s["x-pattern-help"] = kind.patternHelp;
      return s;
    }
    case "url":
      return { type: "string", minLength: 1, maxLength: 1024, pattern: printable(undefined) };
    case "boolean":
      return { type: "boolean" };
    case "integer":
      return { type: "integer", minimum: kind.minimum, maximum: kind.maximum };
    case "enum":
      return { type: "string", enum: [...kind.values] };
  }
}

function kindSchema(kind: FieldKind): JsonSchema {
  switch (kind.type) {
    case "set":
      // maxItems counts different entries (the tool sends sets without duplicates), which JSON
      // Schema cannot say: the list-size rule checks it.
      return { type: "array", items: scalarSchema(kind.item) };
    case "duration":
      return { type: "integer", minimum: 0, maximum: kind.maxSeconds };
    case "object": {
      const properties: Record<string, JsonSchema> = {};
      for (const m of kind.members)
        properties[m.key] = { ...scalarSchema(m.kind), description: m.description };
      const required = kind.members.filter((m) => m.required).map((m) => m.key);
      return {
        type: "object",
        properties,
        additionalProperties: false,
        ...(required.length > 0 ? { required } : {}),
      };
    }
    default:
      return scalarSchema(kind);
  }
}

function fieldSchema(field: FieldDef): JsonSchema {
  const s = kindSchema(field.kind);
  if (field.nullable) {
    return { description: field.description, anyOf: [s, { type: "null" }] };
  }
  return { ...s, description: field.description };
}

const TOKEN_DOC: Record<TokenKind, string> = {
  accessToken: "Unit of accessTokenValidity (default hours).",
  idToken: "Unit of idTokenValidity (default hours).",
  refreshToken: "Unit of refreshTokenValidity (default days).",
};

/** One entry of `clients`: the field table's fields, plus clientId, tokenValidityUnits, ignore and acceptRisks. */
function clientSchema(): JsonSchema {
  const clientProperties: Record<string, JsonSchema> = {
    clientId: {
      type: "string",
      minLength: 1,
      maxLength: 128,
      pattern: "^[\\w+]+$",
      description: "The app client ID. Optional when clientName is unique in the pool.",
    },
  };
  for (const field of FIELDS) clientProperties[field.key] = fieldSchema(field);
  clientProperties.tokenValidityUnits = {
    type: "object",
    description: "Units of the three token lifetimes: seconds, minutes, hours or days.",
    properties: Object.fromEntries(
      (Object.keys(TOKEN_DOC) as TokenKind[]).map((t) => [
        t,
        { type: "string", enum: [...TOKEN_UNITS], description: TOKEN_DOC[t] },
      ]),
    ),
    additionalProperties: false,
  };
  clientProperties.ignore = {
    type: "array",
    description: "Fields another system owns: left out of the comparison and never changed.",
    items: { type: "string", enum: FIELDS.map((f) => f.key) },
    uniqueItems: true,
  };
  clientProperties.acceptRisks = {
    type: "array",
    description:
      "Security review rules (such as loopback-redirect) whose findings on this client are accepted: still shown, marked accepted, never failing --fail-on-risk.",
    items: { type: "string", enum: [...RISK_RULE_IDS] },
    uniqueItems: true,
  };
  return {
    type: "object",
    description: "One app client: the fields named here are managed; the others are left as they are.",
    properties: clientProperties,
    additionalProperties: false,
    anyOf: [{ required: ["clientName"] }, { required: ["clientId"] }],
  };
}

/** The spec file schema, JSON Schema 2020-12. */
export function buildSchema(): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCHEMA_ID,
    title: "cognito-gitops app clients",
    description: "The app clients of one Amazon Cognito user pool, managed by cognito-gitops.",
    type: "object",
    properties: {
      userPoolId: {
        type: "string",
        minLength: 1,
        maxLength: 55,
        pattern: USER_POOL_ID_PATTERN,
        "x-pattern-help": "is not a user pool ID (such as us-east-1_EXAMPLE1)",
        description: "The user pool ID, such as us-east-1_EXAMPLE1.",
      },
      region: {
        type: "string",
        pattern: `^${REGION_PATTERN}$`,
        "x-pattern-help": "is not an AWS Region (such as us-east-1)",
        description:
          "AWS Region of the pool. Default: the Region in the pool ID, else the usual AWS configuration.",
      },
      clients: {
        type: "array",
        minItems: 1,
        description: "The app clients of the pool that this file manages.",
        items: clientSchema(),
      },
    },
    required: ["userPoolId", "clients"],
    additionalProperties: false,
  };
}
