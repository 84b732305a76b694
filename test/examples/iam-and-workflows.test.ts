/** The IAM examples are safe as written, and the example workflows are the ones they trust. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../examples");
const json = (name: string) => JSON.parse(readFileSync(join(root, "iam", name), "utf8"));
const yaml = (name: string) =>
  load(readFileSync(join(root, "workflows", name), "utf8")) as Record<string, unknown>;
const OIDC = "token.actions.githubusercontent.com";

type Trust = { Statement: { Condition: { StringEquals: Record<string, string | string[]> } }[] };
function conditions(name: string): Record<string, string[]> {
  const trust = json(name) as Trust;
  expect(trust.Statement).toHaveLength(1);
  const eq = trust.Statement[0]?.Condition.StringEquals ?? {};
  return Object.fromEntries(Object.entries(eq).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

describe("examples/iam", () => {
  it("every file is a JSON policy document", () => {
    for (const f of readdirSync(join(root, "iam")).filter((n) => n.endsWith(".json"))) {
      expect(json(f).Version).toBe("2012-10-17");
    }
  });

  it("the plan role: pull requests and main, both sub forms, only the reusable read workflow on main", () => {
    const c = conditions("plan-role-trust-policy.json");
    expect(c[`${OIDC}:aud`]).toEqual(["sts.amazonaws.com"]);
    expect(c[`${OIDC}:sub`]?.sort()).toEqual(
      [
        "repo:your-org/your-repo:pull_request",
        "repo:your-org/your-repo:ref:refs/heads/main",
        "repo:your-org@123456/your-repo@789012:pull_request",
        "repo:your-org@123456/your-repo@789012:ref:refs/heads/main",
      ].sort(),
    );
    expect(c[`${OIDC}:job_workflow_ref`]).toEqual([
      "your-org/your-repo/.github/workflows/cognito-gitops-read.yml@refs/heads/main",
    ]);
  });

  it("the apply role: main only, both sub forms, only the apply workflow on main", () => {
    const c = conditions("apply-role-trust-policy.json");
    expect(c[`${OIDC}:sub`]?.sort()).toEqual(
      [
        "repo:your-org/your-repo:ref:refs/heads/main",
        "repo:your-org@123456/your-repo@789012:ref:refs/heads/main",
      ].sort(),
    );
    expect(c[`${OIDC}:job_workflow_ref`]).toEqual([
      "your-org/your-repo/.github/workflows/apply-on-merge.yml@refs/heads/main",
    ]);
    // No wildcard matching anywhere: StringLike would let other branches in.
    expect(readFileSync(join(root, "iam/apply-role-trust-policy.json"), "utf8")).not.toMatch(/StringLike|\*/);
    expect(readFileSync(join(root, "iam/plan-role-trust-policy.json"), "utf8")).not.toMatch(/StringLike|\*/);
  });
});

describe("examples/workflows", () => {
  it("the read-only callers run the pinned reusable workflow by its full name at @main", () => {
    for (const name of ["plan-on-pr.yml", "drift-schedule.yml"]) {
      const jobs = yaml(name).jobs as Record<string, { uses?: string }>;
      expect(Object.values(jobs).map((j) => j.uses)).toEqual([
        "your-org/your-repo/.github/workflows/cognito-gitops-read.yml@main",
      ]);
    }
    expect(Object.keys(yaml("cognito-gitops-read.yml").on as object)).toEqual(["workflow_call"]);
  });

  it("plans one pull request at a time, and the apply workflow may read and answer the plan comment", () => {
    expect(yaml("plan-on-pr.yml").concurrency).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
      group: "cognito-plan-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
    expect(yaml("apply-on-merge.yml").permissions).toMatchObject({
      "pull-requests": "write",
      "id-token": "write",
    });
    expect(yaml("drift-schedule.yml").permissions).toMatchObject({ issues: "write" });
  });

  it("leaves no GitHub token in .git/config of a job that holds an AWS role", () => {
    type Step = { uses?: string; with?: Record<string, unknown> };
    for (const name of ["cognito-gitops-read.yml", "apply-on-merge.yml"]) {
      const jobs = Object.values(yaml(name).jobs as Record<string, { steps?: Step[] }>);
      const checkouts = jobs
        .flatMap((j) => j.steps ?? [])
        .filter((s) => s.uses?.startsWith("actions/checkout@"));
      expect(checkouts.length).toBeGreaterThan(0);
      for (const step of checkouts) expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });
});
