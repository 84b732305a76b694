/** The git layer on a real repository: what it reads, in how many git processes, and git being absent. */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { filesAt } from "../../src/git/files-at.js";
import { fileHistory, repoState } from "../../src/git/history.js";
import { readObjects, runGit } from "../../src/git/run.js";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();
}

let repo: string;
const commits: string[] = [];

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "cg-git-"));
  mkdirSync(join(repo, "specs"));
  git(repo, "init", "-q");
  for (let i = 1; i <= 5; i++) {
    writeFileSync(join(repo, "specs", "pool a.yaml"), `userPoolId: p\n# version ${i} é\n`);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", `version ${i}`);
    commits.unshift(git(repo, "rev-parse", "HEAD"));
  }
  // Not UTF-8 at all: handed over as bytes, for the parser to judge.
  writeFileSync(join(repo, "specs", "latin1.yml"), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "latin1");
});

const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

/** Puts a `git` first on PATH that logs each run to a file, then runs the real one. */
function countGitRuns(): () => string[] {
  const dir = mkdtempSync(join(tmpdir(), "cg-git-shim-"));
  const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  const log = join(dir, "runs.log");
  writeFileSync(log, "");
  writeFileSync(join(dir, "git"), `#!/bin/sh\necho "$1 $2" >> "${log}"\nexec "${real}" "$@"\n`);
  chmodSync(join(dir, "git"), 0o755);
  process.env.PATH = `${dir}:${PATH}`;
  return () => readFileSync(log, "utf8").split("\n").filter(Boolean);
}

describe("a spec file's history", () => {
  it("reads every version of a file in one git process after its log, newest first", async () => {
    const runs = countGitRuns();
    const h = await fileHistory("specs/pool a.yaml", repo, "", 100);
    if (!h.ok) throw new Error(h.detail);
    expect(h.versions.map((v) => v.commit)).toEqual(commits);
    expect(h.versions.map((v) => Buffer.from(v.bytes ?? []).toString("utf8"))).toEqual(
      [5, 4, 3, 2, 1].map((i) => `userPoolId: p\n# version ${i} é\n`),
    );
    expect(runs()).toEqual(["-c core.quotePath=false", "cat-file --batch"]);
  });

  it("hands over each file's bytes, and nothing for a name that is not there", async () => {
    const r = await readObjects(
      ["HEAD:specs/latin1.yml", "HEAD:specs/gone.yaml", "HEAD:specs", "HEAD:a\nb"],
      repo,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.blobs.map((b) => (b ? [...b] : undefined))).toEqual([
      [0x61, 0x3a, 0x20, 0xe9, 0x0a],
      undefined,
      undefined, // a folder
      undefined, // a name with a line break cannot be asked for
    ]);
  });

  it("reads the files at a ref in one git process for all of them", async () => {
    const runs = countGitRuns();
    const at = await filesAt("HEAD~1", ["specs"], repo, /\.ya?ml$/);
    if (!at.ok) throw new Error(at.reason);
    expect(at.files.map((f) => f.file)).toEqual(["specs/pool a.yaml"]);
    expect(runs().filter((r) => r.startsWith("cat-file"))).toHaveLength(1);
  });
});

describe("no git executable", () => {
  it("is told apart from a git that refused, by a flag rather than by its words", async () => {
    process.env.PATH = mkdtempSync(join(tmpdir(), "cg-no-git-"));
    const r = await runGit(["status"], repo);
    expect(r).toMatchObject({ ok: false, missing: true });
    expect(await repoState(repo)).toMatchObject({ ok: false, reason: "no-git" });
    process.env.PATH = PATH;
    const refused = await runGit(["rev-parse", "--verify", "no-such-ref"], repo);
    expect(refused).toMatchObject({ ok: false, missing: false });
  });
});
