/**
 * The pull request comment, end to end: the bundled Action against the strict Cognito emulator
 * and a fake of GitHub's REST API on loopback.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readReviewedPlan } from "../../src/action/reviewed-plan.js";
import { type ActionRun, type ActionRunOptions, actionBundle, runActionBundle } from "../support/action.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let gh: FakeGitHub;
let pool: string;

const REPO = "acme/identity";
const PR = 42;

function spec(callbackURLs: string[], name = "web"): Record<string, unknown> {
  return { clientName: name, allowedOAuthFlowsUserPoolClient: true, callbackURLs };
}

function liveClient(name = "web", extra: Record<string, unknown> = {}) {
  return emu.createClient(pool, {
    ClientName: name,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    CallbackURLs: ["https://app.example.com/cb"],
    ...extra,
  });
}

function onPullRequest(dir: string, options: Partial<ActionRunOptions> = {}): Promise<ActionRun> {
  return runActionBundle({
    cwd: dirname(dir),
    eventName: "pull_request",
    payload: { action: "synchronize", number: PR, pull_request: { number: PR } },
    githubToken: gh.token,
    ...options,
    inputs: { paths: basename(dir), ...options.inputs },
    env: {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint,
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: REPO,
      ...options.env,
    },
  });
}

const thread = () => gh.comments(REPO, PR);
const posts = () => gh.requests.filter((r) => r.method === "POST" && r.path !== "/graphql");
const listings = () => gh.requests.filter((r) => r.path === "/graphql");
const patches = () => gh.requests.filter((r) => r.method === "PATCH");

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
  gh = await startFakeGitHub();
  pool = emu.createPool("comments", "us-east-1");
});
afterEach(async () => {
  await gh.close();
  await emu.close();
});

describe("the sticky plan comment", () => {
  it("is created once, found again on a later page, and left alone when the plan is unchanged", async () => {
    liveClient();
    // 150 comments from people first: the plan comment lands on the second page.
    for (let i = 0; i < 150; i++) gh.seed(REPO, PR, `looks good ${i} <!-- cognito-gitops:plan:elsewhere -->`);
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] },
    });

    const first = await onPullRequest(dir);
    expect(first.code).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.path).toBe(`/repos/${REPO}/issues/${PR}/comments`);
    expect(gh.requests.every((r) => r.authorization === `Bearer ${gh.token}`)).toBe(true);
    const mine = thread().at(-1);
    const marker = `<!-- cognito-gitops:plan:${basename(dir)} -->`;
    expect(mine?.body.startsWith(`${marker}\n### cognito-gitops plan`)).toBe(true);
    expect(mine?.body).toContain("+   https://app.example.com/a");
    expect(first.stdout).toContain(`Pull request #${PR}: plan comment posted.`);

    gh.requests.length = 0;
    const unchanged = await onPullRequest(dir);
    expect(unchanged.code).toBe(0);
    expect(posts()).toHaveLength(0);
    expect(patches()).toHaveLength(0);
    // Two GraphQL pages of 100 comments.
    expect(listings().map((r) => (r.body?.variables as { after?: unknown } | undefined)?.after)).toEqual([
      null,
      "100",
    ]);
    expect(unchanged.stdout).toContain("plan comment left as it is (no change)");
  });

  it("ignores a comment by someone else that copies the marker, and posts its own", async () => {
    liveClient();
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] },
    });
    const marker = `<!-- cognito-gitops:plan:${basename(dir)} -->`;
    const decoy = gh.seed(REPO, PR, `${marker}\nnothing to see`, "mallory");
    const r = await onPullRequest(dir);
    expect(r.code).toBe(0);
    expect(patches()).toHaveLength(0);
    expect(posts()).toHaveLength(1);
    expect(decoy.body).toBe(`${marker}\nnothing to see`);
    expect(thread().at(-1)?.user.login).toBe("github-actions[bot]");
  });

  it("edits the same comment (PATCH, same id) when the plan changes", async () => {
    liveClient();
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] },
    });
    await onPullRequest(dir);
    const id = thread()[0]?.id;
    const other = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/b"])] },
    });
    // Same paths input (the folder name), new content: the PR's next commit.
    writeFileSync(`${dir}/pool.yaml`, readFileSync(`${other}/pool.yaml`));
    gh.requests.length = 0;

    const r = await onPullRequest(dir);

    expect(r.code).toBe(0);
    expect(posts()).toHaveLength(0);
    expect(patches().map((p) => p.path)).toEqual([`/repos/${REPO}/issues/comments/${id}`]);
    expect(thread()).toHaveLength(1);
    expect(thread()[0]?.body).toContain("+   https://app.example.com/b");
    expect(thread()[0]?.body).not.toContain("https://app.example.com/a");
  });

  it("keeps one comment per command and paths target", async () => {
    liveClient();
    const a = specDir({ "a.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] } });
    const b = specDir({ "b.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/b"])] } });
    await onPullRequest(a);
    await onPullRequest(b, { cwd: dirname(a) });
    await onPullRequest(a, { inputs: { command: "drift", "fail-on-drift": "false" } });
    expect(thread().map((c) => c.body.split("\n")[0])).toEqual([
      `<!-- cognito-gitops:plan:${basename(a)} -->`,
      `<!-- cognito-gitops:plan:${basename(b)} -->`,
      `<!-- cognito-gitops:drift:${basename(a)} -->`,
    ]);
  });

  it("cuts an over-long plan under 65,536 characters with a pointer to the job summary", async () => {
    const long = (client: number, i: number) => `https://app.example.com/${client}/${"x".repeat(280)}/${i}`;
    const names = ["one", "two", "three", "four"];
    for (const n of names) liveClient(n);
    const dir = specDir({
      "pool.yaml": {
        userPoolId: pool,
        clients: names.map((n, c) =>
          spec(
            Array.from({ length: 100 }, (_, i) => long(c, i)),
            n,
          ),
        ),
      },
    });

    const r = await onPullRequest(dir);

    expect(r.code).toBe(0);
    const body = thread()[0]?.body ?? "";
    expect(body.length).toBeGreaterThan(30_000);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain(
      "The whole report is in the [job summary](https://github.com/acme/identity/actions/runs/4242).",
    );
    expect(body).toContain("cut to stay under GitHub's size limit");
    expect(r.summary.length).toBeGreaterThan(65_536);
    for (const n of names) expect(r.summary).toContain(`<b>${n} (`);

    // Another run of the same plan links another run: still no edit.
    gh.requests.length = 0;
    const again = await onPullRequest(dir, { env: { GITHUB_RUN_ID: "4243" } });
    expect(again.code).toBe(0);
    expect(gh.writes()).toEqual([]);
  });

  it("posts nothing with comment: false, and nothing on a push", async () => {
    liveClient();
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] },
    });
    const off = await onPullRequest(dir, { inputs: { comment: "false" } });
    const push = await onPullRequest(dir, { eventName: "push", payload: {} });
    expect(off.code).toBe(0);
    expect(push.code).toBe(0);
    expect(gh.requests).toEqual([]);
    expect(off.summary).toContain("**Plan: 1 to update, 0 in sync, 0 errors.**");
  });

  it("posts invalid specs too, and the fix later replaces them in the same comment", async () => {
    liveClient();
    const dir = specDir({
      "pool.yaml": `userPoolId: ${pool}\nclients:\n  - clientName: web\n    callbackUrls: [https://app.example.com/a]\n`,
    });
    const broken = await onPullRequest(dir);
    expect(broken.code).toBe(1);
    expect(thread()[0]?.body).toContain("**Invalid: 1 error in 1 file.**");
    expect(emu.calls).toEqual([]);

    writeFileSync(
      `${dir}/pool.yaml`,
      `userPoolId: ${pool}\nclients:\n  - clientName: web\n    allowedOAuthFlowsUserPoolClient: true\n    callbackURLs: [https://app.example.com/a]\n`,
    );
    const fixed = await onPullRequest(dir);
    expect(fixed.code).toBe(0);
    expect(thread()).toHaveLength(1);
    expect(thread()[0]?.body).toContain("**Plan: 1 to update, 0 in sync, 0 errors.**");
  });

  it("turns a failed GitHub call into a warning: the step still passes", async () => {
    liveClient();
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] },
    });

    const badToken = await onPullRequest(dir, { githubToken: "wrong" });
    expect(badToken.code).toBe(0);
    expect(badToken.stdout).toMatch(
      /^::warning::cognito-gitops could not post the pull request comment: POST \/graphql: 401 Bad credentials\./m,
    );

    gh.failWith = 403;
    const forbidden = await onPullRequest(dir);
    expect(forbidden.code).toBe(0);
    expect(forbidden.stdout).toMatch(
      /^::warning::.*403 Resource not accessible by integration\. The job needs `permissions: pull-requests: write`/m,
    );
    expect(forbidden.summary).toContain("**Plan: 1 to update, 0 in sync, 0 errors.**");
    expect(thread()).toEqual([]);
    expect(`${badToken.stdout}${forbidden.stdout}`).not.toContain("pull_request_target");
  });
});

describe("whose comment it is", () => {
  const a = () => ({ "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] } });

  it("names the planned commit and links the run", async () => {
    liveClient();
    const dir = specDir(a());
    await onPullRequest(dir, {
      payload: { number: PR, pull_request: { number: PR, head: { sha: "0123456789abcdef" } } },
    });
    expect(thread()[0]?.body).toContain(
      "<sub>Planned at commit <code>0123456</code> ([workflow run](https://github.com/acme/identity/actions/runs/4242)).</sub>",
    );
  });

  it("works with a GitHub App installation token (GET /user answers 403): one comment, edited twice", async () => {
    gh.addToken("ghs_app_installation", "cognito-gitops-app[bot]", "installation");
    liveClient();
    const dir = specDir(a());
    const app = { githubToken: "ghs_app_installation" };
    for (const url of [
      "https://app.example.com/a",
      "https://app.example.com/b",
      "https://app.example.com/c",
    ]) {
      writeFileSync(`${dir}/pool.yaml`, JSON.stringify({ userPoolId: pool, clients: [spec([url])] }));
      const r = await onPullRequest(dir, app);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/^::warning::/m);
    }
    expect(posts()).toHaveLength(1);
    const id = thread()[0]?.id;
    expect(patches().map((p) => p.path)).toEqual([
      `/repos/${REPO}/issues/comments/${id}`,
      `/repos/${REPO}/issues/comments/${id}`,
    ]);
    expect(thread()).toHaveLength(1);
    expect(thread()[0]?.user.login).toBe("cognito-gitops-app[bot]");
    expect(thread()[0]?.body).toContain("+   https://app.example.com/c");
    const me = await fetch(`${gh.url}/user`, { headers: { authorization: "Bearer ghs_app_installation" } });
    expect(me.status).toBe(403);
  });

  it("leaves one comment when two runs plan at once", async () => {
    liveClient();
    const dir = specDir(a());
    // Both runs list the comments before either posts: both post.
    gh.holdCommentLists(2);
    const runs = await Promise.all([
      onPullRequest(dir),
      onPullRequest(dir, { env: { GITHUB_RUN_ID: "4243" } }),
    ]);
    for (const r of runs) expect(r.code).toBe(0);
    expect(posts()).toHaveLength(2);
    expect(gh.requests.filter((r) => r.method === "DELETE").length).toBeGreaterThanOrEqual(1);
    expect(thread()).toHaveLength(1);
  });

  it("edits the newest of its own copies and deletes the others", async () => {
    liveClient();
    const dir = specDir(a());
    const marker = `<!-- cognito-gitops:plan:${basename(dir)} -->`;
    const older = gh.seed(REPO, PR, `${marker}\nolder`, "github-actions[bot]");
    const decoy = gh.seed(REPO, PR, `${marker}\nnot ours`, "mallory");
    const newer = gh.seed(REPO, PR, `${marker}\nnewer`, "github-actions[bot]");
    const r = await onPullRequest(dir);
    expect(r.code).toBe(0);
    expect(thread().map((c) => c.id)).toEqual([decoy.id, newer.id]);
    expect(newer.body).toContain("+   https://app.example.com/a");
    expect(decoy.body).toBe(`${marker}\nnot ours`);
    expect(gh.requests.filter((x) => x.method === "DELETE").map((x) => x.path)).toEqual([
      `/repos/${REPO}/issues/comments/${older.id}`,
    ]);
  });

  it("on a fork (read-only token) says the plan is in the job summary, never advising pull_request_target", async () => {
    liveClient();
    const dir = specDir(a());
    gh.failWritesWith = 403;
    const r = await onPullRequest(dir, {
      payload: {
        number: PR,
        pull_request: {
          number: PR,
          head: { sha: "feedface", repo: { full_name: "mallory/identity" } },
          base: { repo: { full_name: REPO } },
        },
      },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^::warning::cognito-gitops could not post the pull request comment: POST \/repos\/acme\/identity\/issues\/42\/comments: 403 Resource not accessible by integration\. This pull request comes from a fork, whose token is read-only: the plan is in the job summary\. Fork pull requests cannot be planned with AWS credentials anyway/m,
    );
    expect(r.stdout).not.toContain("pull_request_target");
    expect(r.summary).toContain("**Plan: 1 to update, 0 in sync, 0 errors.**");
  });
});

describe("the client secret", () => {
  it("appears in no log line, job summary, output, plan file or comment", async () => {
    const web = liveClient("web", { GenerateSecret: true });
    const secret = emu.rawClient(pool, web.ClientId).ClientSecret as string;
    expect(secret.length).toBeGreaterThan(20);
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [spec(["https://app.example.com/a"])] },
    });

    const runs = [
      await onPullRequest(dir),
      await onPullRequest(dir, { inputs: { command: "drift", "fail-on-drift": "false" } }),
      await onPullRequest(dir, {
        inputs: { command: "apply", "require-reviewed-plan": "false" },
        eventName: "push",
        payload: {},
      }),
    ];

    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(1);
    for (const r of runs) {
      expect(r.code).toBe(0);
      const planFile = r.outputs["plan-json"] ?? "";
      expect(planFile).not.toBe("");
      const everything = [
        r.stdout,
        r.stderr,
        r.summary,
        readFileSync(r.outputFile, "utf8"),
        readFileSync(planFile, "utf8"),
      ];
      for (const text of everything) expect(text).not.toContain(secret);
    }
    expect(gh.requests.length).toBeGreaterThan(0);
    for (const req of gh.requests) expect(JSON.stringify(req)).not.toContain(secret);
    for (const c of thread()) expect(c.body).not.toContain(secret);
    // The reviewed plan is compressed in the comment: look inside it too.
    const reviewed = thread()
      .map((c) => readReviewedPlan(c.body))
      .filter((r) => r !== undefined);
    expect(reviewed.length).toBeGreaterThan(0);
    for (const r of reviewed) expect(JSON.stringify(r)).not.toContain(secret);
  });
});
