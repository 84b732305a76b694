/** action.yml and the README's Action section tell the same story: every input and output documented. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { expect, it } from "vitest";
import { ROOT } from "../support/cli.js";

type ActionYml = {
  inputs: Record<string, { description?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string };
};

it("documents every input and output in action.yml and in the README's Action section", () => {
  const yml = load(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The GitHub Action"), readme.indexOf("## Running at scale"));
  expect(yml.runs.using).toBe("node24");
  expect(section).toContain("runner 2.327.1");
  for (const [name, spec] of [...Object.entries(yml.inputs), ...Object.entries(yml.outputs)]) {
    expect(spec.description?.length ?? 0, name).toBeGreaterThan(20);
    expect(section, name).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, "m"));
  }
  for (const name of [
    "require-reviewed-plan",
    "plan-file",
    "drift-issue",
    "failure-reason",
    "drift-issue-number",
  ]) {
    expect(Object.keys({ ...yml.inputs, ...yml.outputs })).toContain(name);
  }
});
