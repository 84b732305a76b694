/** Spec and live text with control and invisible characters never reaches a terminal, a CI log or Markdown raw. */
import { describe, expect, it } from "vitest";
import { type ClientPlan, makePlan, type ReportMode } from "../../src/plan/model.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderPlanText } from "../../src/render/plan-text.js";
import { renderValidationText } from "../../src/render/validation-text.js";
import { formatDiagnostic } from "../../src/specfile/diagnostics.js";

const INJECT = "https://a.example.com/cb\n::error title=Approved::LGTM";
const ERASE = "https://b.example.com/\u001b[2K";
/** Any control, format or line-separator character but the newline that ends a line. */
const RAW = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const base = {
  userPoolId: "us-east-1_AAAAAAAAA",
  region: "us-east-1",
  patch: [],
  risks: [],
  specFingerprint: "sha256:x",
};

const clients: ClientPlan[] = [
  {
    ...base,
    clientId: "abc\u0007",
    clientName: "web\u202egpj.exe",
    source: { file: "cognito/we\nb.yaml", line: 3 },
    action: "update",
    lastModifiedDate: "2026\u0000-01-01",
    changes: [
      {
        field: "callbackURLs",
        kind: "set",
        before: [ERASE],
        after: [INJECT],
        added: [INJECT],
        removed: [ERASE],
      },
      { field: "defaultRedirectURI", kind: "scalar", before: ERASE, after: INJECT },
      {
        field: "analyticsConfiguration",
        kind: "object",
        before: null,
        after: { externalId: "x\r\n::warning::y" },
      },
    ],
  },
  {
    ...base,
    clientName: "api",
    source: { file: "cognito/api.yaml", line: 9 },
    action: "error",
    changes: [],
    error: { code: "InvalidParameterException", message: "bad\n::error::forged\u001b]8;;http://x\u0007" },
  },
];
const plan = makePlan(clients, [
  { userPoolId: base.userPoolId, clientId: "z\u2028", clientName: "old\n::notice::x" },
]);

function expectSafe(text: string): void {
  expect(text).not.toMatch(RAW);
  // No line a runner would read as a workflow command.
  for (const line of text.split("\n")) expect(line.trimStart()).not.toMatch(/^::/);
}

describe("hidden characters in reports", () => {
  it.each(["plan", "drift", "apply"] as ReportMode[])(
    "are shown as \\u{...} in the %s text report",
    (mode) => {
      const text = renderPlanText(plan, { mode, color: false });
      expectSafe(text);
      expect(text).toContain("https://a.example.com/cb\\u{a}::error title=Approved::LGTM");
      expect(text).toContain("https://b.example.com/\\u{1b}[2K");
      expect(text).toContain("web\\u{202e}gpj.exe (abc\\u{7}) in us-east-1_AAAAAAAAA");
      expect(text).toContain("bad\\u{a}::error::forged\\u{1b}]8;;http://x\\u{7}");
      expect(text).toContain("old\\u{a}::notice::x (z\\u{2028})");
      expect(text).toContain("cognito/we\\u{a}b.yaml:3");
    },
  );

  it("are shown as \\u{...} in Markdown, in tables and in diff fences", () => {
    const md = renderPlanMarkdown(plan, { mode: "drift" });
    expectSafe(md);
    expect(md).toContain("https://a.example.com/cb\\u{a}::error title=Approved::LGTM");
    expect(md).toContain("https://b.example.com/\\u{1b}[2K");
    expect(md).toContain("2026\\u{0}-01-01");
  });

  it("are shown as \\u{...} in validation reports", () => {
    const d = {
      file: "a\u001b[2K.yaml",
      line: 1,
      column: 1,
      path: "clients[0].x\u0000",
      rule: "unknown-key",
      severity: "error" as const,
      message: "unknown key\n::error::x",
    };
    expect(formatDiagnostic(d)).toBe(
      "a\\u{1b}[2K.yaml:1:1: unknown key\\u{a}::error::x (clients[0].x\\u{0})",
    );
    const text = renderValidationText({
      valid: false,
      files: 1,
      clients: 0,
      errors: [d],
      warnings: [{ ...d, severity: "warning" }],
      skipped: ["b\u0007.yml"],
      specs: [],
    });
    expectSafe(text);
  });
});
