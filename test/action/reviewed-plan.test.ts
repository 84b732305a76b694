/** The reviewed plan hidden in the plan comment: written, read back, and compared with a fresh plan. */
import { describe, expect, it } from "vitest";
import { outdatedBody, withApplyResult } from "../../src/action/plan-comment.js";
import {
  compareWithReviewed,
  type ReviewedPlan,
  readReviewedPlan,
  reviewedPlanBlock,
  withoutReviewedPlan,
} from "../../src/action/reviewed-plan.js";
import type { Change, ClientPlan } from "../../src/plan/model.js";
import { makePlan } from "../../src/plan/model.js";

const change = (after: string): Change => ({
  field: "defaultRedirectURI",
  kind: "scalar",
  before: "https://a/",
  after,
});

function entry(id: string, over: Partial<ClientPlan> = {}): ClientPlan {
  return {
    action: "update",
    userPoolId: "us-east-1_POOL",
    region: "us-east-1",
    clientId: id,
    clientName: `name-${id}`,
    source: { file: "p.yaml", line: 3 },
    changes: [change("https://b/")],
    patch: [],
    fingerprint: `live-${id}`,
    specFingerprint: `spec-${id}`,
    risks: [],
    ...over,
  } as ClientPlan;
}

const plan = (...clients: ClientPlan[]) => makePlan(clients, []);

/** The reviewed plan a block holds; the test fails when it holds none. */
function read(block: string): ReviewedPlan {
  const r = readReviewedPlan(block);
  if (!r) throw new Error("no reviewed plan in the block");
  return r;
}

describe("the reviewed-plan block", () => {
  it("round-trips the changes and fingerprints of every client to update, and nothing else", () => {
    const block = reviewedPlanBlock(
      plan(entry("a"), entry("b", { action: "no-op", changes: [] })),
      "abc1234def",
    );
    expect(block).toMatch(/^<!-- cognito-gitops:reviewed-plan:v1:[A-Za-z0-9+/=]+ -->$/);
    expect(readReviewedPlan(`<!-- m -->\nplan\n${block}\n`)).toEqual({
      commit: "abc1234def",
      form: "clients",
      clients: [
        {
          userPoolId: "us-east-1_POOL",
          clientId: "a",
          clientName: "name-a",
          fingerprint: "live-a",
          specFingerprint: "spec-a",
          changes: [change("https://b/")],
        },
      ],
    });
    expect(readReviewedPlan("no block")).toBeUndefined();
    expect(readReviewedPlan("<!-- cognito-gitops:reviewed-plan:v1:bm90IGd6aXA= -->")).toBeUndefined();
    expect(withoutReviewedPlan(`<!-- m -->\nplan\n${block}\n`)).toBe("<!-- m -->\nplan\n");
  });

  it("keeps a digest per client when the changes do not fit, and one digest at worst", () => {
    const many = plan(
      ...Array.from({ length: 300 }, (_, i) => entry(`c${i}`, { changes: [change(`https://${i}/`)] })),
    );
    const full = reviewedPlanBlock(many, "s");
    expect(readReviewedPlan(full)?.form).toBe("clients");
    const digestBlock = reviewedPlanBlock(many, "s", full.length - 1);
    expect(digestBlock.length).toBeLessThan(full.length);
    const digests = readReviewedPlan(digestBlock);
    expect(digests?.form).toBe("digests");
    expect(compareWithReviewed(many, [read(digestBlock)])).toEqual([]);
    const total = read(reviewedPlanBlock(many, "s", digestBlock.length - 1));
    expect(total.form).toBe("total");
    expect(compareWithReviewed(many, [total])).toEqual([]);

    const one = plan(...many.clients.slice(0, 299), entry("c299", { changes: [change("https://other/")] }));
    expect(compareWithReviewed(one, [read(digestBlock)]).map((d) => [d.clientId, d.reason])).toEqual([
      ["c299", "its update differs from the reviewed one"],
    ]);
    expect(compareWithReviewed(one, [total])).toHaveLength(300);
  });
});

describe("compareWithReviewed", () => {
  const reviewed = [read(reviewedPlanBlock(plan(entry("a"), entry("b")), "s"))];

  it("lets the reviewed updates through, and clients that need no write any more", () => {
    expect(compareWithReviewed(plan(entry("a"), entry("b")), reviewed)).toEqual([]);
    expect(
      compareWithReviewed(plan(entry("a"), entry("b", { action: "no-op", changes: [] })), reviewed),
    ).toEqual([]);
  });

  it("names every client that would be written differently, and why", () => {
    const now = plan(
      entry("a", { changes: [change("https://b/"), { ...change("x"), field: "logoutURLs" } as Change] }),
      entry("b", { fingerprint: "live-b-edited" }),
      entry("c"),
      entry("d", { specFingerprint: "spec-d2" }),
    );
    const diffs = compareWithReviewed(now, [...reviewed, read(reviewedPlanBlock(plan(entry("d")), "t"))]);
    expect(diffs.map((d) => [d.clientId, d.reason])).toEqual([
      ["a", "its changes differ from the reviewed ones (someone changed it since the review)"],
      ["b", "its live configuration changed since the review, in a field the spec does not manage"],
      ["c", "the review did not change this client"],
      ["d", "its spec changed since the review"],
    ]);
    expect(diffs[0]?.reviewed).toEqual([change("https://b/")]);
    expect(diffs[0]?.now).toHaveLength(2);
  });
});

describe("the plan comment after the plan", () => {
  const block = reviewedPlanBlock(plan(entry("a")), "abc1234");
  const body = `<!-- cognito-gitops:plan:cognito -->\n### plan\n\nthe plan\n\n${block}\n`;

  it("marks an outdated plan, and takes its reviewed plan out", () => {
    const out = outdatedBody(
      body,
      { sha: "fedcba987", runUrl: "https://x/actions/runs/9", message: "boom <b>" },
      "p",
    );
    expect(out.split("\n")[0]).toBe("<!-- cognito-gitops:plan:cognito -->");
    expect(out).toContain(
      "> ⚠️ **Outdated.** The run for commit <code>fedcba9</code> ([workflow run](https://x/actions/runs/9)) failed",
    );
    expect(out).toContain("> boom &lt;b>");
    expect(out).toContain("the plan");
    expect(readReviewedPlan(out)).toBeUndefined();
    // Marked twice: one note.
    const twice = outdatedBody(out, { sha: "1111111", runUrl: undefined, message: "again" }, "p");
    expect(twice.match(/Outdated/g)).toHaveLength(1);
    expect(twice).toContain("> again");
  });

  it("puts the apply result on top, once, and keeps the reviewed plan", () => {
    const note = {
      ok: true,
      headline: "Apply: 1 updated, 0 in sync, 0 errors.",
      lines: [],
      sha: "9999999aaa",
      runUrl: undefined,
    };
    const once = withApplyResult(body, note, "p");
    const twice = withApplyResult(once, { ...note, ok: false, lines: ["web: Boom: x"] }, "p");
    expect(twice.match(/Merged and applied/g)).toHaveLength(1);
    expect(twice).toContain("#### ❌ Merged and applied at commit <code>9999999</code> (this workflow run)");
    expect(twice).toContain("- web: Boom: x");
    expect(twice.indexOf("Merged and applied")).toBeLessThan(twice.indexOf("the plan"));
    expect(readReviewedPlan(twice)?.commit).toBe("abc1234");
  });
});
