/** `npm run demo` keeps working: it is the README's first command. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM build script without types
import { buildDemo } from "../../scripts/build.mjs";
import { ROOT } from "../support/cli.js";

describe("the demo", () => {
  it("runs validate, plan, apply, plan and drift against cognito-local, and cleans up", async () => {
    await buildDemo();
    const r = spawnSync(process.execPath, [join(ROOT, "lib/demo.js")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Valid: 3 files, 3 clients.");
    // cognito-local lacks ListIdentityProviders and ListResourceServers: those pool checks are skipped, with a warning.
    expect(out).toMatch(/Plan: 2 to update, 1 in sync, 0 errors, 1 warning\.\n\(exit code 0\)/);
    expect(out).toMatch(/Apply: 2 updated, 1 in sync, 0 errors, 1 warning\.\n\(exit code 0\)/);
    expect(out).toMatch(/Plan: 0 to update, 3 in sync, 0 errors\.\n\(exit code 0\)/);
    expect(out).toMatch(/~ mobile .* drifted[\s\S]*changed outside Git[\s\S]*added outside Git: phone/);
    expect(out).toContain(
      "[high] new-redirect-domain (callbackURLs): redirects to a new host: https://attacker.example.net/cb",
    );
    expect(out).toMatch(/Drift: 1 client drifted, 2 in sync, 0 errors\.\n\(exit code 2\)/);
    expect(out).toContain("Stopped cognito-local");
  }, 120_000);
});
