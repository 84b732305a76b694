/** Misspelt options get a "did you mean". */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { ROOT, runInProcess } from "../support/cli.js";

describe("unknown options", () => {
  it.each([
    [["plan", "--ouput", "json"], "unknown option '--ouput'; did you mean '--output'?"],
    [["apply", "--max-change", "1"], "unknown option '--max-change'; did you mean '--max-changes'?"],
    [["export", "--user-pool", "x"], "unknown option '--user-pool'; did you mean '--user-pool-id'?"],
    [["validate", "--hlep"], "unknown option '--hlep'; did you mean '--help'?"],
  ])("%j says what was probably meant", async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${message}\nRun 'cognito-gitops ${args[0]} --help' for usage.\n`);
  });
});

describe("messages about the command line", () => {
  it("puts Node's several-line parse error on one line, without escaped newlines", async () => {
    const r = await runInProcess(["apply", "--max-changes", "-1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("\\u{a}");
    expect(r.stderr.split("\n")[0]).toMatch(
      /^error: Option '--max-changes' argument is ambiguous\. Did you forget .* use '--max-changes=-XYZ'\.$/,
    );
  });

  it("accepts --fail-on-risk none, as the Action does, and names it among the choices", async () => {
    const none = await runInProcess(["plan", "--fail-on-risk", "none", "nope.yaml"]);
    // Past the option check: the next complaint is about the path.
    expect(none).toMatchObject({ code: 1, stderr: "error: nope.yaml: no such file or folder\n" });
    const bad = await runInProcess(["plan", "--fail-on-risk", "hgih", "nope.yaml"]);
    expect(bad.stderr).toContain('--fail-on-risk must be one of none, high, medium, low; got "hgih"');
  });

  it("says what was probably meant for a misspelt command, and prints a command's help for `help CMD`", async () => {
    const typo = await runInProcess(["valdate"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/^error: unknown command "valdate"; did you mean "validate"\?\n/);
    const help = await runInProcess(["help", "plan"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: cognito-gitops plan \[PATH \.\.\.\]/);
    const helpTypo = await runInProcess(["help", "exprot"]);
    expect(helpTypo.code).toBe(1);
    expect(helpTypo.stderr).toContain('did you mean "export"?');
  });

  it("prints the help on stderr with exit 1 when no command is given, and lists --version", async () => {
    const bare = await runInProcess([]);
    expect(bare).toMatchObject({ code: 1, stdout: "" });
    expect(bare.stderr).toContain("Usage: cognito-gitops <command> [options]");
    const asked = await runInProcess(["--help"]);
    expect(asked).toMatchObject({ code: 0, stderr: "" });
    expect(asked.stdout).toContain("-V, --version");
  });

  it("keeps help within 100 columns, with LEVEL for --fail-on-risk in usage and options alike", async () => {
    for (const command of ["validate", "plan", "drift", "apply", "export"]) {
      const { stdout } = await runInProcess([command, "--help"]);
      const long = stdout.split("\n").filter((l) => l.length > 100);
      expect(long, command).toEqual([]);
      if (command === "plan" || command === "drift" || command === "apply") {
        expect(stdout).toContain("[--fail-on-risk LEVEL]");
        expect(stdout).toMatch(/^ {2}--fail-on-risk LEVEL {2,}high, medium or low/m);
      }
    }
  });

  it("gives export's --region its own words: export has no spec", async () => {
    const { stdout } = await runInProcess(["export", "--help"]);
    expect(stdout).toContain("--region REGION                AWS Region of the pool, when its ID does not");
    expect(stdout).not.toContain("whose spec names none");
  });

  it("asks for a report of an unexpected failure, and says how to get its stack trace", async () => {
    const fail = async (env: Record<string, string>) => {
      let stderr = "";
      const code = await main(["validate", "examples"], {
        stdout: () => {
          throw new Error("boom");
        },
        stderr: (t) => {
          stderr += t;
        },
        env,
        cwd: ROOT,
        isTTY: false,
        stderrIsTTY: false,
      });
      return { code, stderr };
    };
    const plain = await fail({});
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(
      "error: unexpected failure: boom\nPlease report this with the command you ran (run it again with COGNITO_GITOPS_DEBUG=1 for a stack trace).\n",
    );
    const debug = await fail({ COGNITO_GITOPS_DEBUG: "1" });
    expect(debug.stderr).toContain(
      "Please report this with the command you ran and the stack trace below.\nError: boom\n    at ",
    );
  });
});
