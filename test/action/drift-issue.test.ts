/** The drift issue, end to end: opened on drift, updated by later drift runs, closed when drift is gone. */
import { basename, dirname } from "node:path";
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { driftIssueTitle } from "../../src/action/drift-issue.js";
import { makePlan, type UpdateEntry } from "../../src/plan/model.js";
import { type ActionRun, actionBundle, runActionBundle } from "../support/action.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let gh: FakeGitHub;
const REPO = "acme/identity";

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
  await emu.close();
});

it("opens one issue on drift, updates it on later drift, and closes it with a comment when drift is gone", async () => {
  const pool = emu.createPool("drift", "us-east-1");
  const web = emu.createClient(pool, {
    ClientName: "web",
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    CallbackURLs: ["https://app.example.com/cb"],
  });
  const dir = specDir({
    "pool.yaml": {
      userPoolId: pool,
      clients: [
        {
          clientName: "web",
          allowedOAuthFlowsUserPoolClient: true,
          callbackURLs: ["https://app.example.com/cb"],
        },
      ],
    },
  });
  // Someone else's open issue that quotes the marker is left alone.
  const marker = `<!-- cognito-gitops:drift-issue:${basename(dir)} -->`;
  gh.issues.push({
    number: 77,
    title: "copy",
    body: `${marker}\nfake`,
    state: "open",
    user: { login: "mallory" },
  });
  const drift = (runId: string): Promise<ActionRun> =>
    runActionBundle({
      cwd: dirname(dir),
      eventName: "schedule",
      githubToken: gh.token,
      inputs: { paths: basename(dir), command: "drift", "drift-issue": "true" },
      env: {
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint,
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: REPO,
        GITHUB_RUN_ID: runId,
      },
    });

  const clean = await drift("1");
  expect(clean.code).toBe(0);
  expect(gh.issues).toHaveLength(1);
  expect(clean.outputs["drift-issue-number"]).toBeUndefined();

  emu.patchClient(pool, web.ClientId, { CallbackURLs: ["https://console.example.com/cb"] });
  const first = await drift("2");
  expect(first.code).toBe(1);
  const issue = gh.issues.find((i) => i.user.login === "github-actions[bot]");
  expect(issue).toMatchObject({
    state: "open",
    title: `Cognito drift in ${basename(dir)}: 1 app client drifted`,
  });
  expect(issue?.body.startsWith(`${marker}\n### cognito-gitops drift`)).toBe(true);
  expect(issue?.body).toContain("https://console.example.com/cb");
  expect(issue?.body).toContain("(https://github.com/acme/identity/actions/runs/2)");
  expect(first.outputs["drift-issue-number"]).toBe(String(issue?.number));
  expect(first.stdout).toContain(`cognito-gitops: drift issue #${issue?.number} opened.`);

  emu.patchClient(pool, web.ClientId, { CallbackURLs: ["https://other.example.com/cb"] });
  const second = await drift("3");
  expect(second.outputs["drift-issue-number"]).toBe(String(issue?.number));
  expect(gh.issues.filter((i) => i.user.login === "github-actions[bot]")).toHaveLength(1);
  expect(issue?.body).toContain("https://other.example.com/cb");
  expect(issue?.body).not.toContain("console.example.com");

  emu.patchClient(pool, web.ClientId, { CallbackURLs: ["https://app.example.com/cb"] });
  const fixed = await drift("4");
  expect(fixed.code).toBe(0);
  expect(issue).toMatchObject({ state: "closed", state_reason: "completed" });
  expect(fixed.outputs["drift-issue-number"]).toBeUndefined();
  const closing = gh.comments(REPO, issue?.number ?? 0);
  expect(closing).toHaveLength(1);
  expect(closing[0]?.body).toContain("No drift any more: every managed client matches its spec again");
  expect(gh.issues.find((i) => i.number === 77)).toMatchObject({ state: "open", body: `${marker}\nfake` });

  // The next drift opens a new issue: the closed one is history.
  emu.patchClient(pool, web.ClientId, { CallbackURLs: ["https://again.example.com/cb"] });
  const again = await drift("5");
  expect(again.outputs["drift-issue-number"]).not.toBe(String(issue?.number));
  expect(gh.issues.filter((i) => i.state === "open" && i.user.login === "github-actions[bot]")).toHaveLength(
    1,
  );
});

it("titles the issue with the paths and the number of drifted clients, in good grammar", () => {
  const drifted = (n: number) =>
    makePlan(
      Array.from(
        { length: n },
        (_, i): UpdateEntry => ({
          action: "update",
          userPoolId: "us-east-1_a",
          region: "us-east-1",
          clientName: `c${i}`,
          source: { file: "cognito/a.yaml", line: 3 },
          changes: [],
          risks: [],
          patch: [],
          specFingerprint: "x",
        }),
      ),
      [],
    );
  expect(driftIssueTitle(drifted(1), ["cognito"])).toBe("Cognito drift in cognito: 1 app client drifted");
  expect(driftIssueTitle(drifted(3), ["cognito/prod", "cognito/stage"])).toBe(
    "Cognito drift in cognito/prod, cognito/stage: 3 app clients drifted",
  );
  expect(driftIssueTitle(drifted(1), ["x".repeat(300)])).toHaveLength(250);
});

it("warns, without failing the run for it, when the token may not write issues", async () => {
  const pool = emu.createPool("drift", "us-east-1");
  emu.createClient(pool, { ClientName: "web", AccessTokenValidity: 3 });
  const dir = specDir({
    "pool.yaml": {
      userPoolId: pool,
      clients: [{ clientName: "web", accessTokenValidity: 2 }],
    },
  });
  gh.failWritesWith = 403;
  const r = await runActionBundle({
    cwd: dirname(dir),
    eventName: "schedule",
    githubToken: gh.token,
    inputs: { paths: basename(dir), command: "drift", "drift-issue": "true", "fail-on-drift": "false" },
    env: {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: REPO,
    },
  });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(
    /^::warning::cognito-gitops could not keep the drift issue: POST \/repos\/acme\/identity\/issues: 403 .*\. The job needs `permissions: issues: write`\./m,
  );
});
