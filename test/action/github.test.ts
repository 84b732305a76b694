/** The GitHub client against the fake GitHub: auth, GraphQL pages, own comments, errors. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHub, GitHubError } from "../../src/action/github.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(() => gh.close());

const client = (token = gh.token) =>
  new GitHub({ baseUrl: gh.url, graphqlUrl: `${gh.url}/graphql`, token, fetch: globalThis.fetch });

describe("GitHub", () => {
  it("lists every comment, 100 a page through GraphQL, saying which are this token's own", async () => {
    for (let i = 0; i < 250; i++)
      gh.seed("o/r", 1, `c${i}`, i % 100 === 7 ? "github-actions[bot]" : "someone");
    const all = await client().listComments("o/r", 1);
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
    expect(all.filter((c) => c.mine).map((c) => c.body)).toEqual(["c7", "c107", "c207"]);
    const graphql = gh.requests.filter((r) => r.path === "/graphql");
    expect(graphql.map((r) => (r.body?.variables as { after?: unknown } | undefined)?.after)).toEqual([
      null,
      "100",
      "200",
    ]);
    expect(gh.requests.every((r) => r.authorization === `Bearer ${gh.token}`)).toBe(true);
  });

  it("knows its own comments with an App installation token that may not call GET /user", async () => {
    gh.addToken("ghs_app", "cognito-gitops-app[bot]", "installation");
    const app = client("ghs_app");
    const id = await app.createIssueComment("o/r", 3, "hello");
    gh.seed("o/r", 3, "from the workflow token", "github-actions[bot]");
    expect((await app.listComments("o/r", 3)).map((c) => [c.id, c.mine])).toEqual([
      [id, true],
      [id + 1, false],
    ]);
    const me = await fetch(`${gh.url}/user`, { headers: { authorization: "Bearer ghs_app" } });
    expect(me.status).toBe(403);
  });

  it("creates, edits and deletes comments; deleting one already gone is no error", async () => {
    const id = await client().createIssueComment("o/r", 3, "hello");
    await client().updateIssueComment("o/r", id, "bye");
    expect(gh.comments("o/r", 3)).toEqual([{ id, body: "bye", user: { login: "github-actions[bot]" } }]);
    await client().deleteIssueComment("o/r", id);
    await client().deleteIssueComment("o/r", id);
    expect(gh.comments("o/r", 3)).toEqual([]);
  });

  it("finds the pull requests of a commit, and opens, edits and lists its own issues", async () => {
    gh.linkCommit("abc123", { number: 42, headSha: "def456" });
    expect(await client().pullRequestsOfCommit("o/r", "abc123")).toEqual([{ number: 42, merged: true }]);
    expect(await client().pullRequestsOfCommit("o/r", "fff")).toEqual([]);

    const n = await client().createIssue("o/r", "Drift", "body");
    gh.issues.push({ number: 900, title: "other", body: "x", state: "open", user: { login: "someone" } });
    expect(gh.issues.find((i) => i.number === n)?.title).toBe("Drift");
    expect(await client().listOwnOpenIssues("o/r")).toEqual([{ number: n, body: "body" }]);
    await client().updateIssue("o/r", n, { state: "closed", state_reason: "completed" });
    expect(await client().listOwnOpenIssues("o/r")).toEqual([]);
  });

  it("fails with GitHub's status and message, and a network failure with its cause", async () => {
    const err = await client("wrong")
      .createIssueComment("o/r", 1, "x")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubError);
    expect((err as GitHubError).status).toBe(401);
    expect((err as Error).message).toBe("POST /repos/o/r/issues/1/comments: 401 Bad credentials");
    const tooLong = await client()
      .createIssueComment("o/r", 1, "x".repeat(70_000))
      .catch((e: unknown) => e);
    expect((tooLong as GitHubError).status).toBe(422);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const down = await new GitHub({
      baseUrl: url,
      graphqlUrl: `${url}/graphql`,
      token: "t",
      fetch: globalThis.fetch,
    })
      .listComments("o/r", 1)
      .catch((e: unknown) => e);
    expect((down as GitHubError).status).toBe(0);
    expect((down as Error).message).toMatch(/^POST \/graphql: connection refused \(.*ECONNREFUSED/);
  });
});
