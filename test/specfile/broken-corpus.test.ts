/**
 * The broken-spec corpus: each file under test/fixtures/broken/ names, in its header, the error
 * it must produce ("# rule: X", "# at: LINE:COLUMN", optionally "# path: clients[0].x").
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpecFile } from "../../src/specfile/load.js";

const dir = join(import.meta.dirname, "../fixtures/broken");
const cases = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((name) => {
    const bytes = readFileSync(join(dir, name));
    const header = bytes.toString("latin1");
    const rule = /^# rule: (\S+)/m.exec(header)?.[1];
    const at = /^# at: (\d+):(\d+)/m.exec(header);
    const path = /^# path: (\S*)/m.exec(header)?.[1];
    return { name, bytes, rule, line: Number(at?.[1]), column: Number(at?.[2]), path };
  });

describe("broken spec corpus", () => {
  it("holds at least 40 cases, each with an expectation", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) {
      expect(c.rule, `${c.name} has no "# rule:" header`).toBeTruthy();
      expect(c.line, `${c.name} has no "# at:" header`).toBeGreaterThan(0);
    }
  });

  it.each(cases)("$name: $rule at $line:$column", (c) => {
    const file = `fixtures/${c.name}`;
    const result = loadSpecFile(file, c.bytes);
    expect(result.spec).toBeUndefined();
    const found = result.diagnostics.find((d) => d.rule === c.rule);
    expect(found, `no ${c.rule} error; got ${JSON.stringify(result.diagnostics)}`).toBeDefined();
    expect({ file: found?.file, line: found?.line, column: found?.column }).toEqual({
      file,
      line: c.line,
      column: c.column,
    });
    if (c.path !== undefined) expect(found?.path).toBe(c.path);
    expect(found?.message.length).toBeGreaterThan(10);
  });
});
