/** The plan as a PR comment: errors in a table, one <details> per update, quoted text, cut to size. */
import { describe, expect, it } from "vitest";
import type { Change, ClientPlan } from "../../src/plan/model.js";
import { makePlan } from "../../src/plan/model.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";
import { renderValidationMarkdown } from "../../src/render/validation-markdown.js";
import { failed, noOp, POOL, planOf, STRAYS, update } from "./sample-plan.js";

/** Text with every character a Markdown table cell must not pass through raw. */
const NASTY = "a<b>&c|d";
const NASTY_CELL = "a&lt;b>&amp;c\\|d";

describe("renderPlanMarkdown", () => {
  it("writes the summary, an error table, and a small plan's diffs expanded, each row naming its changes", () => {
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
        `<details open><summary><b>web (web1) in ${POOL}</b>: callbackURLs +2 -1, accessTokenValidity 1 hour -> 30 minutes, enableTokenRevocation true -> false (<code>specs/web.yaml:4</code>)</summary>`,
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

  it("cuts sections that would pass the limit, saying on its first screen how many clients are left out", () => {
    // Five clients with different changes (not grouped), and the unmanaged list.
    const updates = Array.from({ length: 5 }, (_, i) =>
      update({
        clientId: `web${i}`,
        clientName: `web ${i}`,
        changes: [
          {
            field: "defaultRedirectURI",
            kind: "scalar",
            before: "https://a/",
            after: `https://${i}/${"x".repeat(20)}`,
          },
        ],
      }),
    );
    const plan = planOf(updates, STRAYS);
    const whole = renderPlanMarkdown(plan, { mode: "plan" });
    const hint = "The whole plan is in the job summary.";
    const limit = Math.floor(whole.length * 0.8);
    const cut = renderPlanMarkdown(plan, { mode: "plan", limit, fullPlanHint: hint });

    expect(cut.length).toBeLessThanOrEqual(limit);
    expect(cut).toContain("web 0 (web0)");
    expect(cut).not.toContain("web 4 (web4)");
    const kept = (cut.match(/<details open>/g) ?? []).length;
    expect(kept).toBeGreaterThan(0);
    const firstScreen = cut.split("\n").slice(0, 5).join("\n");
    expect(firstScreen).toContain(
      `> ✂️ **This report is cut to stay under GitHub's size limit; left out: ${5 - kept} of 5 changed clients and the list of unmanaged clients.** ${hint}`,
    );
    // What is kept is the whole report's sections from the beginning, cut between sections.
    const body = cut.slice(cut.indexOf("<details"));
    expect(whole).toContain(body);
    expect(body.endsWith("</details>\n\n")).toBe(true);

    // Only the unmanaged list left out.
    const listOnly = renderPlanMarkdown(plan, { mode: "plan", limit: whole.length - 10 });
    expect(listOnly).toContain("left out: the list of unmanaged clients.**");
    // A report that fits is never cut, even with no room left for a note it does not need.
    expect(renderPlanMarkdown(plan, { mode: "plan", limit: whole.length })).toBe(whole);
    expect(renderPlanMarkdown(plan, { mode: "plan", limit: whole.length - 1 })).toContain("✂️");
  });
});

const SHORTER: Change = {
  field: "accessTokenValidity",
  kind: "duration",
  before: { value: 1, unit: "hours" },
  after: { value: 15, unit: "minutes" },
};
const CALLBACK: Change = {
  field: "callbackURLs",
  kind: "set",
  before: ["https://a.example.com/cb"],
  after: ["https://b.example.com/cb"],
  added: ["https://b.example.com/cb"],
  removed: ["https://a.example.com/cb"],
};

function numbered(i: number, changes: Change[]): ClientPlan {
  return {
    action: "update",
    userPoolId: "us-east-1_POOL",
    region: "us-east-1",
    clientId: `id${String(i).padStart(4, "0")}`,
    clientName: `client-${i}`,
    source: { file: "cognito/pool.yaml", line: 3 + i },
    changes,
    patch: [],
    specFingerprint: `spec${i}`,
    risks: [],
  };
}

describe("renderPlanMarkdown for teams", () => {
  it("shows a small plan expanded, each client's row naming what changes", () => {
    const md = renderPlanMarkdown(makePlan([numbered(1, [SHORTER, CALLBACK]), numbered(2, [SHORTER])], []), {
      mode: "plan",
    });
    expect(md).toContain(
      "<details open><summary><b>client-1 (id0001) in us-east-1_POOL</b>: accessTokenValidity 1 hour -> 15 minutes, callbackURLs +1 -1 (<code>cognito/pool.yaml:4</code>)</summary>",
    );
    expect(md).toContain(
      "<details open><summary><b>client-2 (id0002) in us-east-1_POOL</b>: accessTokenValidity",
    );
    expect(md).toContain("+   https://b.example.com/cb");
    expect(md).not.toContain("clients</b>");
  });

  it("groups the clients of a large plan that change alike into one row", () => {
    const clients = [
      ...Array.from({ length: 312 }, (_, i) => numbered(i, [SHORTER])),
      ...Array.from({ length: 3 }, (_, i) => numbered(1000 + i, [CALLBACK])),
      numbered(2000, [SHORTER, CALLBACK]),
    ];
    const md = renderPlanMarkdown(makePlan(clients, []), { mode: "plan" });
    expect(md).toContain(
      "<details><summary><b>312 clients</b>: accessTokenValidity 1 hour -> 15 minutes</summary>",
    );
    expect(md).toContain("<details><summary><b>3 clients</b>: callbackURLs +1 -1</summary>");
    expect(md).toContain("- client-311 (id0311) in us-east-1_POOL (<code>cognito/pool.yaml:314</code>)");
    expect(md).toContain("<details><summary><b>client-2000 (id2000) in us-east-1_POOL</b>:");
    // One diff per group, not one per client.
    expect(md.match(/```diff/g)).toHaveLength(3);
    expect(md).not.toContain("✂️");
  });

  it("never groups clients whose apply had different outcomes (an interrupted apply)", () => {
    const outcome = (i: number) =>
      i < 5
        ? { applied: true, converged: true, attempts: 1 }
        : i < 7
          ? { applied: false, converged: false, attempts: 1, interrupted: "in-flight" as const }
          : { applied: false, converged: false, attempts: 0, interrupted: "not-started" as const };
    const clients = Array.from({ length: 60 }, (_, i) => ({
      ...numbered(i, [SHORTER]),
      outcome: outcome(i),
    }));
    const plan = { ...makePlan(clients, []), interrupted: { signal: "SIGTERM" } };
    const md = renderPlanMarkdown(plan, { mode: "apply" });
    expect(md).toContain(
      "<details><summary><b>5 clients</b>: accessTokenValidity 1 hour -> 15 minutes</summary>",
    );
    expect(md).toContain(
      "<details><summary><b>2 clients</b>: accessTokenValidity 1 hour -> 15 minutes: in flight when the run stopped, result unknown</summary>",
    );
    expect(md).toContain(
      "<details><summary><b>53 clients</b>: accessTokenValidity 1 hour -> 15 minutes: not updated, the run stopped first</summary>",
    );
  });

  it("says on its first screen that it is cut, and how many clients are left out", () => {
    const long = (i: number): Change => ({
      ...CALLBACK,
      after: [`https://${"x".repeat(200)}.example.com/${i}`],
      added: [`https://${"x".repeat(200)}.example.com/${i}`],
    });
    const clients = Array.from({ length: 400 }, (_, i) => numbered(i, [long(i)]));
    const md = renderPlanMarkdown(makePlan(clients, []), {
      mode: "plan",
      limit: 20_000,
      fullPlanHint: "The whole report is in the job summary.",
    });
    expect(md.length).toBeLessThanOrEqual(20_000);
    const shown = (md.match(/<details><summary>/g) ?? []).length;
    expect(shown).toBeGreaterThan(20);
    const firstScreen = md.split("\n").slice(0, 6).join("\n");
    expect(firstScreen).toContain(
      `> ✂️ **This report is cut to stay under GitHub's size limit; left out: ${400 - shown} of 400 changed clients.** The whole report is in the job summary.`,
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
    expect(review).toBeLessThan(md.indexOf("<details open>"));
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
