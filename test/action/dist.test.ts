/** dist/index.js is committed (the runner does not build): it must be exactly what src/ builds. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
// @ts-expect-error: plain ESM build script without types
import { buildAction } from "../../scripts/build.mjs";
import { ROOT } from "../support/cli.js";

it("dist/index.js is what its sources build", async () => {
  const fresh = join(mkdtempSync(join(tmpdir(), "cg-dist-")), "index.js");
  await buildAction(fresh);
  const built = readFileSync(fresh);
  const committed = readFileSync(join(ROOT, "dist/index.js"));
  expect(
    built.equals(committed),
    "dist/index.js differs from what src/ builds: run `npm run build` and commit dist/",
  ).toBe(true);
});
