/** `--output markdown` stays under GitHub's 65,536 characters, whatever the plan holds. */
import { describe, expect, it } from "vitest";
import { type ClientPlan, makePlan } from "../../src/plan/model.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";

const POOL = "us-east-1_AAAAAAAAA";

function notFound(i: number): ClientPlan {
  const clientName = `client-${String(i).padStart(4, "0")}-with-a-long-descriptive-name`;
  return {
    userPoolId: POOL,
    region: "us-east-1",
    clientName,
    source: { file: `cognito/team-${i}/clients.yaml`, line: 3 + i },
    action: "error",
    changes: [],
    patch: [],
    risks: [],
    specFingerprint: "sha256:x",
    error: {
      code: "ClientNotFound",
      message: `no app client named "${clientName}" in user pool ${POOL}; cognito-gitops does not create clients`,
    },
  };
}

function update(i: number): ClientPlan {
  const urls = Array.from({ length: 40 }, (_, k) => `https://app-${i}-${k}.example.com/callback`);
  return {
    userPoolId: POOL,
    region: "us-east-1",
    clientId: `id${i}`,
    clientName: `web-${i}`,
    source: { file: "cognito/web.yaml", line: i },
    action: "update",
    changes: [{ field: "callbackURLs", kind: "set", before: [], after: urls, added: urls, removed: [] }],
    patch: [],
    risks: [],
    specFingerprint: "sha256:x",
  };
}

describe("Markdown size", () => {
  it("cuts the error table of 500 clients not found, with the note", () => {
    const md = renderPlanMarkdown(
      makePlan(
        Array.from({ length: 500 }, (_, i) => notFound(i)),
        [],
      ),
      {
        mode: "plan",
        fullPlanHint: "Run the plan locally for the rest.",
      },
    );
    expect(md.length).toBeLessThanOrEqual(65_536);
    const shown = md.split("\n").filter((l) => l.startsWith("| ❌ |")).length;
    expect(shown).toBeGreaterThan(100);
    // The first screen says so.
    expect(md.split("\n").slice(0, 5).join("\n")).toContain(
      `> ✂️ **This report is cut to stay under GitHub's size limit; left out: ${500 - shown} clients in error.** Run the plan locally for the rest.`,
    );
    expect(md).toContain("**Plan: 0 to update, 0 in sync, 500 errors.**");
    // The table is closed after the last row kept.
    expect(md.endsWith("|\n\n")).toBe(true);
  });

  it("cuts errors and changed clients together, and counts both in the note", () => {
    const clients = [
      ...Array.from({ length: 200 }, (_, i) => notFound(i)),
      ...Array.from({ length: 50 }, (_, i) => update(i)),
    ];
    const md = renderPlanMarkdown(makePlan(clients, []), { mode: "plan", limit: 40_000 });
    expect(md.length).toBeLessThanOrEqual(40_000);
    // Left out: the rest of the errors, the security review and the 50 changed clients.
    expect(md).toMatch(
      /> ✂️ \*\*This report is cut to stay under GitHub's size limit; left out: \d+ clients in error, the security review and 50 of 50 changed clients\.\*\*/,
    );
    // The table is closed after its last row, so what follows is not read as a row.
    expect(md.endsWith("|\n\n")).toBe(true);
  });

  it("cuts nothing, and writes no note, when the plan fits", () => {
    const md = renderPlanMarkdown(makePlan([notFound(1), update(1)], []), { mode: "plan" });
    expect(md).not.toContain("✂️");
    expect(md).toContain("| ❌ | client-0001-with-a-long-descriptive-name in us-east-1_AAAAAAAAA |");
    expect(md).toMatch(/\| <code>cognito\/team-1\/clients.yaml:4<\/code> \|\n\n/);
    expect(md).toContain("<details><summary><b>web-1 (id1) in us-east-1_AAAAAAAAA</b>");
  });
});
