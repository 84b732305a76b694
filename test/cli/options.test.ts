/** Misspelt options get a "did you mean". */
import { describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli.js";

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
