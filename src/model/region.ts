/** Which AWS Region a user pool is in. */
import { GitopsError } from "../errors.js";

/** An AWS Region's name (us-east-1, ap-southeast-2), as a regular expression source. */
export const REGION_PATTERN = "[a-z]{2}(-[a-z]+)+-\\d+";

const REGION = new RegExp(`^${REGION_PATTERN}$`);
const REGION_PREFIX = new RegExp(`^(${REGION_PATTERN})_`);

/** Whether `text` is a Region's name. */
export function isRegion(text: string): boolean {
  return REGION.test(text);
}

/** The Region a pool ID starts with (us-east-1_AbC), if it starts with one. */
export function poolIdRegion(userPoolId: string): string | undefined {
  return REGION_PREFIX.exec(userPoolId)?.[1];
}

/**
 * The Region of a spec's pool: the spec's own, else the one its ID starts with (a pool ID names
 * its Region), else the --region flag or AWS_REGION (for emulators' IDs such as local_abc).
 */
export function regionOf(
  spec: { region?: string | undefined; userPoolId: string },
  fallback?: string,
): string {
  const region = spec.region ?? poolIdRegion(spec.userPoolId) ?? fallback;
  if (!region) {
    throw new GitopsError(
      "NoRegion",
      `no AWS Region for user pool ${spec.userPoolId}: set region in its spec, pass --region, or set AWS_REGION`,
    );
  }
  return region;
}
