/** The terminal plan: wording per mode, one line per set item, colour only when asked. */
import { describe, expect, it } from "vitest";
import { renderPlanText, summaryLine } from "../../src/render/plan-text.js";
import { failed, noOp, POOL, planOf, STRAYS, update } from "./sample-plan.js";

const ESC = "\u001b[";

function unpaint(text: string): string {
  return text
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, "")))
    .join("");
}

describe("renderPlanText", () => {
  it("shows updates field by field, errors with their code, and leaves in-sync clients out", () => {
    const text = renderPlanText(planOf([update(), noOp(), failed()]), { mode: "plan", color: false });
    expect(text).toBe(
      [
        `~ web (web1) in ${POOL} will be updated (specs/web.yaml:4)`,
        "    callbackURLs:",
        "      - https://old.example.com/cb",
        "      + https://b.example.com/cb",
        "      + https://new.example.com/cb",
        "    accessTokenValidity:",
        "      - 1 hour",
        "      + 30 minutes",
        "    enableTokenRevocation:",
        "      - true",
        "      + false",
        "",
        `! mobile in ${POOL} (specs/mobile.yaml:3)`,
        `    ClientNotFound: no app client named "mobile" in user pool ${POOL}`,
        "",
        "Plan: 1 to update, 1 in sync, 1 error.",
        "",
      ].join("\n"),
    );
  });

  it("says drifted in drift mode, with when the client was last changed", () => {
    const text = renderPlanText(planOf([update(), update({ clientId: "web2", clientName: "web two" })]), {
      mode: "drift",
      color: false,
    });
    expect(text).toContain(
      `~ web (web1) in ${POOL} drifted (specs/web.yaml:4)\n    live last modified 2025-03-01 10:00 UTC\n    callbackURLs:\n      added outside Git: https://old.example.com/cb\n      removed outside Git: https://b.example.com/cb\n`,
    );
    expect(text).toContain("    accessTokenValidity:\n      live has: 1 hour\n      Git says: 30 minutes\n");
    expect(text.trimEnd().split("\n").at(-1)).toBe("Drift: 2 clients drifted, 0 in sync, 0 errors.");
    const one = renderPlanText(planOf([update()]), { mode: "drift", color: false });
    expect(one).toContain("Drift: 1 client drifted, 0 in sync, 0 errors.");
    // A plan does not say when: it is about what will change, not what happened.
    expect(renderPlanText(planOf([update()]), { mode: "plan", color: false })).not.toContain("last modified");
  });

  it("says updated and verified after apply, with the attempts when there was more than one", () => {
    const plan = planOf([
      update({ outcome: { applied: true, converged: true, attempts: 1 } }),
      update({
        clientId: "web2",
        clientName: "retried",
        outcome: { applied: true, converged: true, attempts: 3 },
      }),
      failed({
        error: { code: "NotConverged", message: "after the update, callbackURLs still differ from the spec" },
      }),
    ]);
    const lines = renderPlanText(plan, { mode: "apply", color: false }).split("\n");
    expect(lines).toContain(`~ web (web1) in ${POOL} updated and verified (specs/web.yaml:4)`);
    expect(lines).toContain(
      `~ retried (web2) in ${POOL} updated and verified (3 attempts) (specs/web.yaml:4)`,
    );
    expect(lines).toContain("    NotConverged: after the update, callbackURLs still differ from the spec");
    expect(lines.at(-2)).toBe("Apply: 2 updated, 0 in sync, 1 error.");
  });

  it("says so when every client is in sync, in the words of each mode", () => {
    const plan = planOf([noOp(), noOp({ clientId: "x1", clientName: "x" })]);
    expect(renderPlanText(plan, { mode: "plan", color: false })).toBe(
      "No changes: every managed client matches its spec.\n\nPlan: 0 to update, 2 in sync, 0 errors.\n",
    );
    expect(renderPlanText(plan, { mode: "apply", color: false })).toBe(
      "Nothing to do: every managed client matches its spec.\n\nApply: 0 updated, 2 in sync, 0 errors.\n",
    );
    expect(renderPlanText(plan, { mode: "drift", color: false })).toContain(
      "No changes: every managed client matches its spec.",
    );
  });

  it("lists unmanaged clients after the plan, and counts them singular or plural", () => {
    const text = renderPlanText(planOf([noOp()], STRAYS), { mode: "plan", color: false });
    expect(text).toContain(
      [
        `2 live clients in managed pools named by no spec (left alone):`,
        `    legacy (old1) in ${POOL}`,
        `    test harness (tst1) in ${POOL}`,
        "",
        "Plan: 0 to update, 1 in sync, 0 errors.",
      ].join("\n"),
    );
    const one = renderPlanText(planOf([], STRAYS.slice(0, 1)), { mode: "plan", color: false });
    expect(one).toContain("1 live client in managed pools named by no spec (left alone):");
  });

  it("paints removed lines red, added lines green and errors red only when colour is on", () => {
    const plan = planOf([update(), failed()], STRAYS);
    const plain = renderPlanText(plan, { mode: "plan", color: false });
    expect(plain).not.toContain(ESC);
    const painted = renderPlanText(plan, { mode: "plan", color: true });
    expect(painted).toContain(`${ESC}31m      - https://old.example.com/cb${ESC}0m`);
    expect(painted).toContain(`${ESC}32m      + https://new.example.com/cb${ESC}0m`);
    expect(painted).toContain(`${ESC}33m~${ESC}0m ${ESC}1mweb (web1) in ${POOL}${ESC}0m will be updated`);
    expect(painted).toContain(`${ESC}31m!${ESC}0m`);
    expect(painted).toContain(`${ESC}2m    legacy (old1) in ${POOL}${ESC}0m`);
    // Without the escapes, the painted text is the plain text.
    expect(unpaint(painted)).toBe(plain);
  });
});

describe("summaryLine", () => {
  it("counts errors singular and plural in every mode", () => {
    const plan = planOf([update(), failed(), failed({ clientName: "other" }), noOp()]);
    expect(summaryLine(plan)).toBe("Plan: 1 to update, 1 in sync, 2 errors.");
    expect(summaryLine(plan, "drift")).toBe("Drift: 1 client drifted, 1 in sync, 2 errors.");
    expect(summaryLine(plan, "apply")).toBe("Apply: 1 updated, 1 in sync, 2 errors.");
  });
});
