/** `acceptRisks` in a spec: known rule ids only, with "did you mean" for a misspelt one. */
import { describe, expect, it } from "vitest";
import { loadSpecFile } from "../../src/specfile/load.js";

function load(acceptRisks: string): ReturnType<typeof loadSpecFile> {
  const text = [
    "userPoolId: us-east-1_EXAMPLE1",
    "clients:",
    "  - clientName: web",
    `    acceptRisks: ${acceptRisks}`,
    "",
  ].join("\n");
  return loadSpecFile("web.yaml", Buffer.from(text));
}

describe("acceptRisks", () => {
  it("takes rule ids of the security review", () => {
    const r = load("[loopback-redirect, longer-tokens]");
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.clients[0]?.spec.acceptRisks).toEqual(["loopback-redirect", "longer-tokens"]);
  });

  it("refuses an unknown rule id at its line, with did-you-mean", () => {
    const r = load("[loopback-redirects]");
    expect(r.spec).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        file: "web.yaml",
        line: 4,
        path: "clients[0].acceptRisks[0]",
        message: expect.stringContaining('did you mean "loopback-redirect"?'),
      }),
    ]);
  });

  it("refuses a rule named twice", () => {
    const r = load("[admin-scope, admin-scope]");
    expect(r.diagnostics.map((d) => d.rule)).toEqual(["duplicate-entry"]);
  });
});
