/**
 * The one table of app client fields. Every other part of the tool (the JSON Schema, the
 * TypeScript spec type, normalisation, the diff, the update request, export and rendering)
 * is driven from the rows below: a new UpdateUserPoolClient member is one new row here.
 */

export const TOKEN_UNITS = ["seconds", "minutes", "hours", "days"] as const;
export type TokenUnit = (typeof TOKEN_UNITS)[number];

export const UNIT_SECONDS: Record<TokenUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

export type TokenKind = "accessToken" | "idToken" | "refreshToken";

/** A scalar that sits inside a list or an object member. */
export type ScalarKind =
  | {
      readonly type: "string";
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly pattern?: string;
      /** Says what the pattern allows, after the offending value, in errors. */
      readonly patternHelp?: string;
    }
  | { readonly type: "url" }
  | { readonly type: "boolean" }
  | { readonly type: "integer"; readonly minimum: number; readonly maximum: number }
  | { readonly type: "enum"; readonly values: readonly string[] };

export type MemberDef = {
  readonly key: string;
  readonly api: string;
  readonly kind: ScalarKind;
  readonly description: string;
  readonly required?: boolean;
  /** The value AWS reports when the member is not set. */
  readonly awsDefault?: unknown;
  /** The member only means something in this case; otherwise it is never compared. */
  readonly meaningfulWhen?: { readonly member: string; readonly equals?: string; readonly absent?: true };
};

/** How a field is held, compared and sent. */
export type FieldKind =
  | ScalarKind
  /** A list whose order and duplicates never count; at most `maxItems` different entries. */
  | { readonly type: "set"; readonly item: ScalarKind; readonly maxItems?: number }
  /** An integer read in the unit named by tokenValidityUnits[token]. */
  | {
      readonly type: "duration";
      readonly token: TokenKind;
      readonly minSeconds: number;
      readonly maxSeconds: number;
    }
  | { readonly type: "object"; readonly members: readonly MemberDef[] };

export type FieldDef = {
  /** The spec key: the UpdateUserPoolClient member in camelCase. */
  readonly key: string;
  /** The UpdateUserPoolClient / DescribeUserPoolClient member. */
  readonly api: string;
  readonly kind: FieldKind;
  /** Shown on hover in editors and in `--help` style docs. */
  readonly description: string;
  /** The value AWS behaves as if set when the member is absent from Describe. */
  readonly awsDefault?: unknown;
  /** `null` in a spec removes the setting (only for fields without a default). */
  readonly nullable?: boolean;
};

const URL_RULE = "absolute, no fragment, https (http only for localhost), or an app scheme such as myapp://";

const SCOPE = {
  type: "string",
  minLength: 1,
  maxLength: 256,
  pattern: "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$",
  patternHelp:
    "is not one scope: write one scope per entry, without spaces, quotes or backslashes (such as openid or api.example.com/read)",
} as const satisfies ScalarKind;

export const EXPLICIT_AUTH_FLOWS = [
  "ADMIN_NO_SRP_AUTH",
  "CUSTOM_AUTH_FLOW_ONLY",
  "USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_USER_AUTH",
] as const;
export const LEGACY_AUTH_FLOWS: readonly string[] = [
  "ADMIN_NO_SRP_AUTH",
  "CUSTOM_AUTH_FLOW_ONLY",
  "USER_PASSWORD_AUTH",
];

export const FIELDS = [
  {
    key: "clientName",
    api: "ClientName",
    kind: {
      type: "string",
      minLength: 1,
      maxLength: 128,
      // AWS's pattern is [\w\s+=,.@-]+ with Java's \s: ASCII whitespace only (no no-break space).
      pattern: "^[\\w \\t\\n\\x0B\\f\\r+=,.@-]+$",
      patternHelp:
        "has characters AWS does not allow in a client name (letters, digits, ASCII spaces and + = , . @ - only)",
    },
    description: "The app client's name: 1-128 characters of letters, digits, spaces and + = , . @ -.",
  },
  {
    key: "refreshTokenValidity",
    api: "RefreshTokenValidity",
    kind: { type: "duration", token: "refreshToken", minSeconds: 3600, maxSeconds: 315_360_000 },
    description:
      "Refresh token lifetime, in tokenValidityUnits.refreshToken (days when not given). 60 minutes to 10 years.",
    awsDefault: 30,
  },
  {
    key: "accessTokenValidity",
    api: "AccessTokenValidity",
    kind: { type: "duration", token: "accessToken", minSeconds: 300, maxSeconds: 86_400 },
    description:
      "Access token lifetime, in tokenValidityUnits.accessToken (hours when not given). 5 minutes to 1 day.",
    awsDefault: 1,
  },
  {
    key: "idTokenValidity",
    api: "IdTokenValidity",
    kind: { type: "duration", token: "idToken", minSeconds: 300, maxSeconds: 86_400 },
    description:
      "ID token lifetime, in tokenValidityUnits.idToken (hours when not given). 5 minutes to 1 day.",
    awsDefault: 1,
  },
  {
    key: "readAttributes",
    api: "ReadAttributes",
    kind: { type: "set", item: { type: "string", minLength: 1, maxLength: 2048 } },
    description:
      "User attributes the app can read (a set: order does not matter). Empty: all standard attributes.",
    awsDefault: [],
  },
  {
    key: "writeAttributes",
    api: "WriteAttributes",
    kind: { type: "set", item: { type: "string", minLength: 1, maxLength: 2048 } },
    description:
      "User attributes the app can write (a set). Must include attributes mapped from identity providers.",
    awsDefault: [],
  },
  {
    key: "explicitAuthFlows",
    api: "ExplicitAuthFlows",
    kind: { type: "set", item: { type: "enum", values: EXPLICIT_AUTH_FLOWS } },
    description:
      "Authentication flows the client allows (a set). Legacy values cannot be mixed with ALLOW_* ones. Include ALLOW_REFRESH_TOKEN_AUTH, except with refresh token rotation, which needs it left out.",
    awsDefault: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
  },
  {
    key: "supportedIdentityProviders",
    api: "SupportedIdentityProviders",
    kind: { type: "set", item: { type: "string", minLength: 1, maxLength: 32 } },
    description:
      "Identity providers for the hosted UI (a set): COGNITO, Facebook, Google, SignInWithApple, LoginWithAmazon, or a SAML/OIDC provider name of the pool.",
    awsDefault: [],
  },
  {
    key: "callbackURLs",
    api: "CallbackURLs",
    kind: { type: "set", item: { type: "url" }, maxItems: 100 },
    description: `Allowed redirect (callback) URLs after sign-in (a set, at most 100): ${URL_RULE}.`,
    awsDefault: [],
  },
  {
    key: "logoutURLs",
    api: "LogoutURLs",
    kind: { type: "set", item: { type: "url" }, maxItems: 100 },
    description: `Allowed sign-out URLs (a set, at most 100): ${URL_RULE}.`,
    awsDefault: [],
  },
  {
    key: "defaultRedirectURI",
    api: "DefaultRedirectURI",
    kind: { type: "url" },
    description: "The default redirect URI. Must be one of callbackURLs. null removes it.",
    nullable: true,
  },
  {
    key: "allowedOAuthFlows",
    api: "AllowedOAuthFlows",
    kind: {
      type: "set",
      item: { type: "enum", values: ["code", "implicit", "client_credentials"] },
      maxItems: 3,
    },
    description:
      "OAuth 2.0 grant types (a set): code, implicit, client_credentials (which must stand alone, on a client with a secret, with resource-server scopes only). Needs allowedOAuthFlowsUserPoolClient: true, which in turn needs flows and scopes.",
    awsDefault: [],
  },
  {
    key: "allowedOAuthScopes",
    api: "AllowedOAuthScopes",
    kind: { type: "set", item: SCOPE, maxItems: 50 },
    description:
      "OAuth scopes (a set, at most 50): phone, email, openid, profile, aws.cognito.signin.user.admin, or resource-server scopes such as api.example.com/read.",
    awsDefault: [],
  },
  {
    key: "allowedOAuthFlowsUserPoolClient",
    api: "AllowedOAuthFlowsUserPoolClient",
    kind: { type: "boolean" },
    description:
      "Whether the client may use OAuth 2.0 features. Must be true for OAuth flows, scopes and URLs.",
    awsDefault: false,
  },
  {
    key: "analyticsConfiguration",
    api: "AnalyticsConfiguration",
    kind: {
      type: "object",
      members: [
        {
          key: "applicationId",
          api: "ApplicationId",
          kind: {
            type: "string",
            pattern: "^[0-9a-fA-F]+$",
            patternHelp: "is not a Pinpoint project ID (hexadecimal)",
          },
          description: "Amazon Pinpoint project ID (with roleArn and externalId).",
        },
        {
          key: "applicationArn",
          api: "ApplicationArn",
          kind: {
            type: "string",
            minLength: 20,
            maxLength: 2048,
            pattern: "^arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:",
            patternHelp: "is not an ARN (arn:aws:mobiletargeting:REGION:ACCOUNT:apps/ID)",
          },
          description: "Amazon Pinpoint project ARN (used instead of applicationId).",
        },
        {
          key: "roleArn",
          api: "RoleArn",
          kind: {
            type: "string",
            minLength: 20,
            maxLength: 2048,
            pattern: "^arn:[\\w+=/,.@-]+:iam::",
            patternHelp: "is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
          },
          description: "IAM role that lets Cognito publish events to Pinpoint (with applicationId).",
          // With applicationArn, AWS uses its service-linked role and fills this in itself.
          meaningfulWhen: { member: "applicationArn", absent: true },
        },
        {
          key: "externalId",
          api: "ExternalId",
          kind: { type: "string" },
          description: "External ID of the role (with applicationId).",
          meaningfulWhen: { member: "applicationArn", absent: true },
        },
        {
          key: "userDataShared",
          api: "UserDataShared",
          kind: { type: "boolean" },
          description: "Whether user data (email, phone) is included in analytics events.",
          awsDefault: false,
        },
      ],
    },
    description:
      "Amazon Pinpoint analytics: applicationArn, or applicationId with roleArn and externalId. null removes it.",
    nullable: true,
  },
  {
    key: "preventUserExistenceErrors",
    api: "PreventUserExistenceErrors",
    kind: { type: "enum", values: ["LEGACY", "ENABLED"] },
    description: "ENABLED hides whether a user exists in authentication errors; LEGACY reveals it.",
    awsDefault: "LEGACY",
  },
  {
    key: "enableTokenRevocation",
    api: "EnableTokenRevocation",
    kind: { type: "boolean" },
    description: "Whether refresh tokens issued to this client can be revoked.",
    awsDefault: true,
  },
  {
    key: "enablePropagateAdditionalUserContextData",
    api: "EnablePropagateAdditionalUserContextData",
    kind: { type: "boolean" },
    description: "Whether device and session context is passed to threat protection. Needs a client secret.",
    awsDefault: false,
  },
  {
    key: "authSessionValidity",
    api: "AuthSessionValidity",
    kind: { type: "integer", minimum: 3, maximum: 15 },
    description: "Minutes a session token from a sign-in challenge stays valid: 3-15.",
    awsDefault: 3,
  },
  {
    key: "refreshTokenRotation",
    api: "RefreshTokenRotation",
    kind: {
      type: "object",
      members: [
        {
          key: "feature",
          api: "Feature",
          kind: { type: "enum", values: ["ENABLED", "DISABLED"] },
          description: "ENABLED issues a new refresh token on each refresh.",
          required: true,
        },
        {
          key: "retryGracePeriodSeconds",
          api: "RetryGracePeriodSeconds",
          kind: { type: "integer", minimum: 0, maximum: 60 },
          description: "Seconds the previous refresh token stays valid after rotation: 0-60.",
          awsDefault: 0,
          // AWS reports 0 whenever rotation is disabled.
          meaningfulWhen: { member: "feature", equals: "ENABLED" },
        },
      ],
    },
    description: "Refresh token rotation. null removes it.",
    nullable: true,
  },
] as const satisfies readonly FieldDef[];

/** tokenValidityUnits is not a field of its own: each unit belongs to one duration field. */
export const TOKEN_UNITS_FIELD = { key: "tokenValidityUnits", api: "TokenValidityUnits" } as const;
export const TOKEN_UNIT_API: Record<TokenKind, string> = {
  accessToken: "AccessToken",
  idToken: "IdToken",
  refreshToken: "RefreshToken",
};
export const DEFAULT_TOKEN_UNIT: Record<TokenKind, TokenUnit> = {
  accessToken: "hours",
  idToken: "hours",
  refreshToken: "days",
};

/** Members of DescribeUserPoolClient's answer that an update never takes. */
export const READ_ONLY_API_MEMBERS = [
  "UserPoolId",
  "ClientId",
  "ClientSecret",
  "ClientType",
  "CreationDate",
  "LastModifiedDate",
] as const;

export type FieldKey = (typeof FIELDS)[number]["key"];
export type Field = (typeof FIELDS)[number];

export const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.key, f]));
export const FIELD_KEYS: readonly FieldKey[] = FIELDS.map((f) => f.key);

/** The API members an update takes: every field plus TokenValidityUnits. */
export const UPDATABLE_API_MEMBERS: readonly string[] = [...FIELDS.map((f) => f.api), TOKEN_UNITS_FIELD.api];

export type DurationField = Extract<Field, { kind: { type: "duration" } }>;
export const DURATION_FIELDS: readonly DurationField[] = FIELDS.filter(
  (f): f is DurationField => f.kind.type === "duration",
);
