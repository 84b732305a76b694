import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecFile } from "../../src/specfile/load.js";

const dir = join(import.meta.dirname, "../../examples");
const examples = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

describe("examples/", () => {
  it("has the web, machine-to-machine and mobile examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)("%s validates and names the schema for editors", (name) => {
    const bytes = readFileSync(join(dir, name));
    const result = loadSpecFile(`examples/${name}`, bytes);
    expect(result.diagnostics).toEqual([]);
    expect(result.spec?.clients.length).toBeGreaterThan(0);
    expect(bytes.toString("utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/schemas\/app-clients\.schema\.json$/m,
    );
  });
});
