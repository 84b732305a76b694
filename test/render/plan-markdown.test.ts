/** The plan as a PR comment: errors in a table, one <details> per update, quoted text, cut to size. */
import { describe, expect, it } from "vitest";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderValidationMarkdown } from "../../src/render/validation-markdown.js";
import { failed, noOp, POOL, planOf, STRAYS, update } from "./sample-plan.js";

/** Text with every character a Markdown table cell must not pass through raw. */
const NASTY = "a<b>&c|d";
const NASTY_CELL = "a&lt;b>&amp;c\\|d";

describe("renderPlanMarkdown", () => {
  it("writes the summary, an error table, and one collapsed diff per update", () => {
    const md = renderPlanMarkdown(planOf([update(), noOp(), failed()], STRAYS), { mode: "plan" });
    expect(md).toBe(
      [
        "### cognito-gitops plan",
        "",
        "**Plan: 1 to update, 1 in sync, 1 error.** 2 unmanaged.",
        "",
        "| | Client | Error | Spec |",
        "|---|---|---|---|",
        `| ❌ | mobile in ${POOL} | ClientNotFound: no app client named "mobile" in user pool ${POOL} | <code>specs/mobile.yaml:3</code> |`,
        "",
        "#### Security review",
        "",
        "No change is flagged by the security review.",
        "",
        `<details><summary><b>web (web1) in ${POOL}</b>: 3 fields (<code>specs/web.yaml:4</code>)</summary>`,
        "",
        "```diff",
        "  callbackURLs:",
        "-   https://old.example.com/cb",
        "+   https://b.example.com/cb",
        "+   https://new.example.com/cb",
        "  accessTokenValidity:",
        "-   1 hour",
        "+   30 minutes",
        "  enableTokenRevocation:",
        "-   true",
        "+   false",
        "```",
        "</details>",
        "",
        "<details><summary>2 unmanaged clients (in managed pools, named by no spec; left alone)</summary>",
        "",
        `- legacy (<code>old1</code>) in <code>${POOL}</code>`,
        `- test harness (<code>tst1</code>) in <code>${POOL}</code>`,
        "</details>",
        "",
        "",
      ].join("\n"),
    );
  });

  it("has no error table when nothing failed, and titles drift reports as drift", () => {
    const md = renderPlanMarkdown(planOf([update()]), { mode: "drift" });
    expect(md).not.toContain("| Error |");
    expect(
      md.startsWith("### cognito-gitops drift\n\n**Drift: 1 client drifted, 0 in sync, 0 errors.**\n"),
    ).toBe(true);
    expect(md).toContain("(<code>specs/web.yaml:4</code>), live last modified 2025-03-01 10:00 UTC");
    // Drift reads from the live side, never as a plan's diff.
    expect(md).toContain("```text\ncallbackURLs:\n  added outside Git: https://old.example.com/cb\n");
    expect(md).not.toContain("```diff");
    expect(renderPlanMarkdown(planOf([update()]), { mode: "plan", title: "Staging" })).toMatch(
      /^### Staging\n/,
    );
  });

  it("escapes <, & and | in client names and error messages exactly as the validation report does", () => {
    const plan = planOf(
      [
        update({ clientName: NASTY }),
        failed({ clientName: NASTY, error: { code: "InvalidParameterException", message: `bad ${NASTY}` } }),
      ],
      [{ userPoolId: POOL, clientId: "x1", clientName: NASTY }],
    );
    const md = renderPlanMarkdown(plan, { mode: "plan" });
    const validation = renderValidationMarkdown("t", "s", [
      { file: "f.yaml", line: 1, column: 1, path: "", rule: "r", severity: "error", message: `bad ${NASTY}` },
    ]);
    expect(validation).toContain(`| bad ${NASTY_CELL} |`);
    expect(md).toContain(`| ❌ | ${NASTY_CELL} in ${POOL} | InvalidParameterException: bad ${NASTY_CELL} |`);
    expect(md).toContain(`<summary><b>${NASTY_CELL} (web1) in ${POOL}</b>`);
    expect(md).toContain(`- ${NASTY_CELL} (<code>x1</code>)`);
    expect(md).not.toContain(NASTY);
  });

  it("keeps an error message with a newline on its table row", () => {
    const md = renderPlanMarkdown(planOf([failed({ error: { code: "E", message: "line one\nline two" } })]), {
      mode: "plan",
    });
    expect(md).toContain("| E: line one line two |");
  });

  it("keeps a value from closing the diff fence", () => {
    const sneaky = update({
      changes: [{ field: "defaultRedirectURI", kind: "scalar", before: "x```y", after: "myapp://cb" }],
    });
    const md = renderPlanMarkdown(planOf([sneaky]), { mode: "plan" });
    expect(md).toContain("-   x'''y\n");
    expect(md.match(/```/g)).toHaveLength(2);
  });

  it("cuts sections that would pass the limit, with a note saying how many and where to read them", () => {
    const updates = Array.from({ length: 5 }, (_, i) =>
      update({ clientId: `web${i}`, clientName: `web ${i}` }),
    );
    const plan = planOf(updates, STRAYS);
    const whole = renderPlanMarkdown(plan, { mode: "plan" });
    const head = renderPlanMarkdown(planOf([], []), { mode: "plan" }).length;
    const section = (whole.length - head) / 6; // 5 updates and the unmanaged list are alike in size
    const limit = Math.floor(head + 2.5 * section);
    const hint = "The whole plan is in the job summary.";
    const cut = renderPlanMarkdown(plan, { mode: "plan", limit, fullPlanHint: hint });

    expect(cut.length).toBeLessThanOrEqual(limit);
    expect(cut).toContain("web 0 (web0)");
    expect(cut).not.toContain("web 4 (web4)");
    const kept = (cut.match(/<details>/g) ?? []).length;
    expect(kept).toBeGreaterThan(0);
    expect(cut).toContain(`> ✂️ ${6 - kept} more sections cut to stay under GitHub's size limit. ${hint}\n`);
    // What is kept is the whole report's beginning, cut between sections.
    const body = cut.slice(0, cut.indexOf("\n> ✂️"));
    expect(whole.startsWith(body)).toBe(true);
    expect(body.endsWith("</details>\n\n")).toBe(true);

    const lastOnly = renderPlanMarkdown(plan, { mode: "plan", limit: whole.length - 10 });
    expect(lastOnly).toContain("> ✂️ 1 more section cut to stay under GitHub's size limit.\n");
    expect(lastOnly.length).toBeLessThanOrEqual(whole.length - 10);
    // A report that fits is never cut, even with no room left for a note it does not need.
    expect(renderPlanMarkdown(plan, { mode: "plan", limit: whole.length })).toBe(whole);
    expect(renderPlanMarkdown(plan, { mode: "plan", limit: whole.length - 1 })).toContain(
      "1 more section cut",
    );
  });
});

describe("the security review in Markdown", () => {
  it("is a table before the details, one row per finding, accepted ones marked, text quoted safely", () => {
    const risks = [
      {
        rule: "new-redirect-domain",
        severity: "high",
        field: "callbackURLs",
        message: `redirects to a new host: ${NASTY}`,
        accepted: false,
      },
      {
        rule: "longer-tokens",
        severity: "low",
        field: "accessTokenValidity",
        message: "longer",
        accepted: true,
      },
    ] as const;
    const md = renderPlanMarkdown(planOf([update({ risks: risks.map((r) => ({ ...r })) })]), {
      mode: "plan",
    });
    const review = md.indexOf("#### Security review");
    expect(review).toBeGreaterThan(0);
    expect(review).toBeLessThan(md.indexOf("<details>"));
    expect(md).toContain("**Security review: 1 high, 0 medium, 0 low, and 1 accepted.**");
    expect(md).toContain(
      `| 🔴 high | <code>new-redirect-domain</code> | web (web1) in ${POOL} | <code>callbackURLs</code> | redirects to a new host: ${NASTY_CELL} | <code>specs/web.yaml:4</code> |`,
    );
    expect(md).toContain("| ⚪ low, accepted | <code>longer-tokens</code> |");
    expect(md).not.toContain(NASTY);
  });

  it("says nothing about security when nothing changes", () => {
    expect(renderPlanMarkdown(planOf([noOp()]), { mode: "plan" })).not.toContain("Security review");
  });
});
