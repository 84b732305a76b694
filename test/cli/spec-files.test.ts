/** Finding and reading spec files (issue 14): symbolic links, many files, misspelt specs, unreadable files. */
import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, type CliResult, runInProcess } from "../support/cli.js";

function spec(name: string): string {
  return `userPoolId: us-east-1_AAAAAAAAA\nclients:\n  - clientName: ${name}\n`;
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cg-files-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/**
 * The built CLI (self-contained: its entry and command bundles) copied where any user may read
 * it, since the checkout itself may sit in a folder only its owner can enter (a CI clone).
 */
function readableCli(): string {
  const dir = mkdtempSync(join(tmpdir(), "cg-cli-"));
  cpSync(CLI, join(dir, "cli.cjs"));
  cpSync(join(dirname(CLI), "cli"), join(dir, "cli"), { recursive: true });
  chmodSync(dir, 0o755);
  return join(dir, "cli.cjs");
}

/** The built CLI in a shell, with a lower open-file limit, or as an unprivileged user when root. */
function shell(script: string, cwd: string, options: { asNobody?: boolean } = {}): Promise<CliResult> {
  const root = process.getuid?.() === 0;
  const nobody = options.asNobody && root;
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], {
      cwd,
      env: { PATH: process.env.PATH, CLI: nobody ? readableCli() : CLI, NODE: process.execPath },
      ...(nobody ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe("symbolic links in scanned folders", () => {
  it("follows linked spec files and folders, reads each file once, and stops at loops", async () => {
    const cwd = workspace({
      "shared/a.yaml": spec("a"),
      "shared/deep/b.yaml": spec("b"),
      "cognito/c.yaml": spec("c"),
    });
    symlinkSync("../shared/a.yaml", join(cwd, "cognito/a.yaml"));
    symlinkSync("../shared/deep", join(cwd, "cognito/deep"));
    symlinkSync("..", join(cwd, "shared/deep/up")); // a loop: shared/deep/up/deep/up/...
    symlinkSync("../cognito", join(cwd, "cognito/again")); // a loop back to itself
    const r = await runInProcess(["validate", "--output", "json", "cognito"], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, files: 3, clients: 3, skipped: [] });
    // Reached by two paths (the link and the folder named), a file is still read once.
    const both = await runInProcess(["validate", "--output", "json", "cognito", "shared"], { cwd });
    expect(JSON.parse(both.stdout)).toMatchObject({ valid: true, files: 3, clients: 3 });
  });

  it("reports a broken or looping link where a spec would be, and goes on", async () => {
    const cwd = workspace({ "cognito/c.yaml": spec("c") });
    symlinkSync("gone.yaml", join(cwd, "cognito/broken.yaml"));
    symlinkSync("self.yml", join(cwd, "cognito/self.yml"));
    symlinkSync("gone", join(cwd, "cognito/not-yaml")); // not where a spec would be: ignored
    const r = await runInProcess(["validate", "cognito"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "cognito/broken.yaml:1:1: cannot read: it does not exist (a broken symbolic link?) (ENOENT)",
    );
    expect(r.stderr).toContain("cognito/self.yml:1:1: cannot read: a symbolic link loop (ELOOP)");
    expect(r.stderr).toMatch(/^Invalid: 2 errors in 3 files\.$/m);
  });
});

describe("many files", () => {
  it("validates more files than the open-file limit", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`c${i}.yaml`] = spec(`c${i}`);
    const cwd = workspace(files);
    const r = await shell('ulimit -n 256 && exec "$NODE" "$CLI" validate .', cwd);
    expect(r.stderr).toBe("");
    expect(r).toMatchObject({ code: 0, stdout: "Valid: 400 files, 400 clients.\n" });
  });
});

describe("misspelt specs", () => {
  it.each([
    ["UserPoolId", "Clients", "userPoolId", "clients"],
    ["user_pool_id", "client", "userPoolId", "clients"],
  ])(
    "a file with %s and %s is checked, with did-you-mean errors, not skipped",
    async (pool, clients, fixPool, fixClients) => {
      const text = `${pool}: us-east-1_AAAAAAAAA\n${clients}:\n  - clientName: web\n`;
      const cwd = workspace({ "cognito/web.yaml": text });
      const r = await runInProcess(["validate", "cognito"], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cognito/web.yaml:1:1: unknown key "${pool}"; did you mean "${fixPool}"?`);
      expect(r.stderr).toContain(
        `cognito/web.yaml:2:1: unknown key "${clients}"; did you mean "${fixClients}"?`,
      );
      // The missing keys are the misspelt ones: said once, not again as "missing required key".
      expect(r.stderr).not.toContain("missing required key");
      expect(r.stderr).toMatch(/^Invalid: 2 errors in 1 file\.$/m);
    },
  );

  it("still skips YAML that is plainly something else", async () => {
    const cwd = workspace({
      "cognito/web.yaml": spec("web"),
      "cognito/workflow.yml": "name: plan\non: pull_request\njobs: {}\n",
      "cognito/oauth.yaml": "client_id: abc\nusers: []\n",
      "cognito/k8s.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: {}\n",
    });
    const r = await runInProcess(["validate", "--output", "json", "cognito"], { cwd });
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: true,
      skipped: ["cognito/k8s.yaml", "cognito/oauth.yaml", "cognito/workflow.yml"],
    });
  });
});

describe("large files", () => {
  it("skips a YAML file over 1 MiB that is plainly not a spec, and still refuses a large spec", async () => {
    const lock = `lockfileVersion: 6\npackages:\n${"  pkg:\n    resolution: { integrity: sha512-abc }\n".repeat(30_000)}`;
    const big = `${spec("web")}${"    # padding\n".repeat(90_000)}`;
    const cwd = workspace({ "cognito/web.yaml": spec("web"), "cognito/pnpm-lock.yaml": lock });
    const r = await runInProcess(["validate", "--output", "json", "cognito"], { cwd });
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: true,
      files: 1,
      skipped: ["cognito/pnpm-lock.yaml"],
    });
    writeFileSync(join(cwd, "cognito/big.yaml"), big);
    const b = await runInProcess(["validate", "cognito"], { cwd });
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^cognito\/big\.yaml:1:1: file is \d+ bytes; the limit is 1 MiB$/m);
  });
});

describe("file-system problems", () => {
  it("an unreadable spec is a diagnostic of its own; the others are still checked, and JSON is still JSON", async () => {
    const cwd = workspace({
      "cognito/a.yaml": spec("a"),
      "cognito/secret.yaml": spec("b"),
      "cognito/bad.yaml": "x: [",
    });
    chmodSync(join(cwd, "cognito/secret.yaml"), 0o000);
    for (const d of [cwd, join(cwd, "cognito")]) chmodSync(d, 0o755);
    const r = await shell('exec "$NODE" "$CLI" validate --output json cognito', cwd, { asNobody: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: "cognito/bad.yaml", rule: "yaml" }),
      expect.objectContaining({
        file: "cognito/secret.yaml",
        rule: "read-error",
        message: "cannot read: permission denied (EACCES)",
      }),
    ]);
  });
});
