/** Replaced by the build (esbuild's define, and vitest's) with package.json's version. */
declare const COGNITO_GITOPS_VERSION: string;

/** The package version, from package.json. */
export const VERSION: string = COGNITO_GITOPS_VERSION;
