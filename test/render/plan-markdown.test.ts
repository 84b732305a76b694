/** The Markdown plan: small plans expanded with the changed fields named, large ones grouped and cut. */
import { describe, expect, it } from "vitest";
import type { Change, ClientPlan } from "../../src/plan/model.js";
import { makePlan } from "../../src/plan/model.js";
import { renderPlanMarkdown } from "../../src/render/plan-markdown.js";

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

function update(i: number, changes: Change[]): ClientPlan {
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
  };
}

describe("renderPlanMarkdown", () => {
  it("shows a small plan expanded, each client's row naming what changes", () => {
    const md = renderPlanMarkdown(makePlan([update(1, [SHORTER, CALLBACK]), update(2, [SHORTER])], []), {
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
      ...Array.from({ length: 312 }, (_, i) => update(i, [SHORTER])),
      ...Array.from({ length: 3 }, (_, i) => update(1000 + i, [CALLBACK])),
      update(2000, [SHORTER, CALLBACK]),
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

  it("says on its first screen that it is cut, and how many clients are left out", () => {
    const long = (i: number): Change => ({
      ...CALLBACK,
      after: [`https://${"x".repeat(200)}.example.com/${i}`],
      added: [`https://${"x".repeat(200)}.example.com/${i}`],
    });
    const clients = Array.from({ length: 400 }, (_, i) => update(i, [long(i)]));
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
      `> ✂️ **This report is cut to stay under GitHub's size limit: ${400 - shown} of 400 changed clients are left out.** The whole report is in the job summary.`,
    );
  });
});
