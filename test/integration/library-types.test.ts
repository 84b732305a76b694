/**
 * The library ships type declarations: a consumer that imports "cognito-gitops" by its package
 * name type-checks against what `npm run build` produces (lib/index.d.ts, found through
 * package.json's "exports"), and its deliberate misuses are type errors, so the types are real.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM build script without types
import { buildTypes } from "../../scripts/build.mjs";
import { ROOT } from "../support/cli.js";

const run = promisify(execFile);

describe("the library's type declarations", () => {
  it("are what package.json points at", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["."]).toEqual({ types: "./lib/index.d.ts", default: "./lib/index.js" });
    expect(pkg.files).toContain("lib");
  });

  it("type-check a consumer that imports cognito-gitops by name", { timeout: 180_000 }, async () => {
    expect(buildTypes()).toBe(join(ROOT, "lib/index.d.ts"));
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const project = join(ROOT, "test/fixtures/consumer/tsconfig.json");
    const result = await run(process.execPath, [tsc, "-p", project, "--listFiles"], { cwd: ROOT }).catch(
      (err: { stdout?: string; stderr?: string }) => ({
        stdout: err.stdout ?? "",
        stderr: err.stderr ?? "",
        failed: true,
      }),
    );
    expect("failed" in result ? result.stdout : "").toBe("");
    // Resolved through the package's own name to the built declarations, not to src/.
    expect(result.stdout).toContain(join(ROOT, "lib/index.d.ts"));
    expect(result.stdout).not.toContain(join(ROOT, "src/"));
  });
});
