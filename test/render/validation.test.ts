/** Validation reports as text, JSON and Markdown, from specs loaded the way `validate` loads them. */
import { describe, expect, it } from "vitest";
import { renderValidationMarkdown } from "../../src/render/validation-markdown.js";
import { renderValidationJson, renderValidationText } from "../../src/render/validation-text.js";
import { loadSpecFile } from "../../src/specfile/load.js";
import { validationReport } from "../../src/specfile/report.js";

const GOOD = `userPoolId: us-east-1_AAAAAAAAA
clients:
  - clientName: web
    preventUserExistenceErrors: ENABLED
  - clientName: admin
`;

const BAD = `userPoolId: us-east-1_AAAAAAAAA
clients:
  - clientName: web
    callbackUrls: [https://app.example.com/cb]
    accessTokenValidity: 2
    tokenValidityUnits: { accessToken: days }
`;

function load(file: string, yaml: string) {
  return loadSpecFile(file, new TextEncoder().encode(yaml));
}

describe("renderValidationText", () => {
  it("closes a clean run with the files and clients it checked", () => {
    const report = validationReport([load("specs/a.yaml", GOOD)], []);
    expect(renderValidationText(report)).toBe("Valid: 1 file, 2 clients.\n");
    const two = validationReport(
      [load("specs/a.yaml", GOOD), load("specs/b.yaml", GOOD.replace(/AAA/, "BBB"))],
      [],
    );
    expect(renderValidationText(two)).toBe("Valid: 2 files, 4 clients.\n");
    const one = validationReport(
      [load("specs/c.yaml", "userPoolId: us-east-1_C\nclients:\n  - clientName: c\n")],
      [],
    );
    expect(renderValidationText(one)).toBe("Valid: 1 file, 1 client.\n");
  });

  it("writes one FILE:LINE:COLUMN line per error, then the count", () => {
    const report = validationReport([load("specs/bad.yaml", BAD), load("specs/a.yaml", GOOD)], []);
    const lines = renderValidationText(report).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^specs\/bad\.yaml:4:5: .*callbackUrls.*callbackURLs.* \(clients\[0\]\.callbackUrls\)$/,
    );
    expect(lines[1]).toMatch(
      /^specs\/bad\.yaml:5:26: accessTokenValidity 2 days .* \(clients\[0\]\.accessTokenValidity\)$/,
    );
    expect(lines[2]).toBe("Invalid: 2 errors in 2 files.");
  });

  it("names the YAML files it skipped", () => {
    const report = validationReport([load("specs/a.yaml", GOOD)], ["specs/kustomization.yaml"]);
    expect(renderValidationText(report)).toBe(
      "Valid: 1 file, 2 clients. Skipped 1 other YAML file (no userPoolId or clients): specs/kustomization.yaml.\n",
    );
    const two = validationReport([load("specs/a.yaml", GOOD)], ["x.yaml", "y.yaml"]);
    expect(renderValidationText(two)).toContain(
      "Skipped 2 other YAML files (no userPoolId or clients): x.yaml, y.yaml.",
    );
  });
});

describe("renderValidationJson", () => {
  it("writes the verdict, counts, errors and skipped files, and not the loaded specs", () => {
    const report = validationReport([load("specs/bad.yaml", BAD), load("specs/a.yaml", GOOD)], ["x.yaml"]);
    const doc = JSON.parse(renderValidationJson(report));
    expect(Object.keys(doc)).toEqual(["valid", "files", "clients", "errors", "warnings", "skipped"]);
    expect(doc.warnings).toEqual([]);
    expect(doc).toMatchObject({ valid: false, files: 2, clients: 2, skipped: ["x.yaml"] });
    expect(doc.errors).toEqual(report.errors);
    expect(doc.errors[0]).toMatchObject({
      file: "specs/bad.yaml",
      line: 4,
      column: 5,
      path: "clients[0].callbackUrls",
    });
  });
});

describe("renderValidationMarkdown", () => {
  it("writes the summary and one table row per error, with where and the spec path as code", () => {
    const report = validationReport([load("specs/bad.yaml", BAD)], []);
    const md = renderValidationMarkdown(
      "cognito-gitops validate",
      "Invalid: 2 errors in 1 file.",
      report.errors,
    );
    const lines = md.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "### cognito-gitops validate",
      "",
      "**Invalid: 2 errors in 1 file.** No AWS call was made: fix the specs first.",
      "",
      "| | Where | Error | Spec path |",
      "|---|---|---|---|",
    ]);
    expect(lines[6]).toMatch(
      /^\| ❌ \| <code>specs\/bad\.yaml:4:5<\/code> \| .*callbackUrls.* \| <code>clients\[0\]\.callbackUrls<\/code> \|$/,
    );
    expect(lines[7]).toMatch(/^\| ❌ \| <code>specs\/bad\.yaml:5:26<\/code> \| accessTokenValidity/);
    expect(lines.slice(8)).toEqual(["", ""]);
  });

  it("escapes what would open HTML, split a row or end it, and leaves the path cell empty for a whole file", () => {
    const md = renderValidationMarkdown("t", "s", [
      {
        file: "a|b.yaml",
        line: 1,
        column: 2,
        path: "",
        rule: "yaml",
        severity: "error",
        message: "bad <x> & y | z\nnext",
      },
    ]);
    expect(md).toContain("| ❌ | <code>a\\|b.yaml:1:2</code> | bad &lt;x> &amp; y \\| z next |  |\n");
  });

  it("has no table when given no errors", () => {
    const md = renderValidationMarkdown("t", "Invalid: 1 error in 1 file.", []);
    expect(md).toBe(
      "### t\n\n**Invalid: 1 error in 1 file.** No AWS call was made: fix the specs first.\n\n",
    );
  });
});
