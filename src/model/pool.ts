/** What the tool knows of a user pool's own settings, for the checks an app client needs them for. */

export type ResourceServer = { identifier: string; scopes: string[] };

/** DescribeUserPool's answer, as far as app clients depend on it. */
export type PoolSettings = {
  /** Attribute names of the pool's schema: standard ones, and custom ones as `custom:NAME`. */
  attributes: string[];
  /** LITE, ESSENTIALS or PLUS; absent when AWS does not say. */
  tier?: string;
};

/**
 * A pool's context, read once per run. A part that could not be read (access denied, or the
 * checks turned off) is absent, and the checks that need it are skipped.
 */
export type PoolContext = {
  userPoolId: string;
  attributes?: string[];
  tier?: string;
  /** Provider names configured in the pool (COGNITO is always there and not listed). */
  identityProviders?: string[];
  resourceServers?: ResourceServer[];
};
