/** `npm run demo` keeps working: it is the README's first command. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM build script without types
import { buildBench, buildDemo } from "../../scripts/build.mjs";
import { ROOT } from "../support/cli.js";

describe("the demo", () => {
  it("runs validate, plan, apply, plan and drift against cognito-local, and cleans up", async () => {
    const demo = await buildDemo();
    const r = spawnSync(process.execPath, [demo], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("Valid: 3 files, 4 clients.");
    // cognito-local lacks ListIdentityProviders and ListResourceServers: those pool checks are skipped, with a warning.
    expect(out).toMatch(/Plan: 2 to update, 2 in sync, 0 errors, 1 warning\.\n\(exit code 0\)/);
    expect(out).toMatch(/Apply: 2 updated, 2 in sync, 0 errors, 1 warning\.\n\(exit code 0\)/);
    expect(out).toMatch(/Plan: 0 to update, 4 in sync, 0 errors\.\n\(exit code 0\)/);
    expect(out).toMatch(/~ mobile .* drifted[\s\S]*changed outside Git[\s\S]*added outside Git: phone/);
    expect(out).toContain(
      "[high] new-redirect-domain (callbackURLs): redirects to a new host: https://attacker.example.net/cb",
    );
    expect(out).toMatch(/Drift: 1 client drifted, 3 in sync, 0 errors\.\n\(exit code 2\)/);
    // The example's loopback callback is on web-dev, accepted: the production client's plan flags none.
    expect(out).not.toMatch(/\[medium\] loopback-redirect/);
    expect(out).toContain("Stopped cognito-local");
  }, 120_000);
});

describe("the published package", () => {
  it("holds neither the demo nor the benchmark (they import test support and dev dependencies)", async () => {
    // Built first, so that a build into lib/ would show in the package.
    await buildDemo();
    await buildBench();
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    expect(r.status).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("lib/cli.cjs");
    expect(files.filter((f) => /demo|bench|^test\/|^scripts\//.test(f))).toEqual([]);
  }, 60_000);
});
