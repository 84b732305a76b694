/**
 * Whether a YAML file found in a folder is a spec at all: a GitHub workflow or a Kubernetes
 * manifest beside the specs is skipped, but a spec with misspelt keys (`UserPoolId`/`Clients` as
 * the AWS API spells them, `user_pool_id`/`client`) is checked, so its typos are reported. Pure.
 */
import { load } from "js-yaml";
import { distance } from "./suggest.js";

const SPEC_KEYS = ["userpoolid", "clients"];

/** `userPoolId` or `clients`, or a near miss: case, `_`/`-` and one or two typos aside. */
function nearSpecKey(key: string): boolean {
  const word = key.toLowerCase().replace(/[\s_-]/g, "");
  return SPEC_KEYS.some((k) => distance(word, k) <= (k.length >= 8 ? 2 : 1));
}

const CHEAP = /^["']?(userPoolId|clients)["']?\s*:/m;

/**
 * Plainly not a spec: YAML that loads as a mapping without userPoolId or clients, or anything near
 * them. Anything that fails to load is checked, so a broken spec is reported rather than skipped.
 */
export function plainlyNotASpec(text: string): boolean {
  if (CHEAP.test(text)) return false; // cheap: most files are specs
  try {
    const doc = load(text, { maxAliases: 100 });
    return (
      typeof doc === "object" && doc !== null && !Array.isArray(doc) && !Object.keys(doc).some(nearSpecKey)
    );
  } catch {
    return false;
  }
}

/** Keys that start a line in block style: the top level of a YAML mapping. */
const TOP_LEVEL_KEY = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#"'\-?:{[][^:\n]*?))[ \t]*:(?:[ \t]|$)/gm;

/**
 * For a file too large to load: whether its first bytes plainly show something else (top-level
 * keys, none of them near a spec key). Undecided (no top-level key seen) counts as a spec.
 */
export function headPlainlyNotASpec(head: string): boolean {
  if (CHEAP.test(head)) return false;
  const keys = [...head.matchAll(TOP_LEVEL_KEY)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
  return keys.length > 0 && !keys.some(nearSpecKey);
}
