/** The GitHub REST client against the fake GitHub: auth, pagination, errors. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHub, GitHubError } from "../../src/action/github.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(() => gh.close());

const client = (token = gh.token) => new GitHub({ baseUrl: gh.url, token, fetch: globalThis.fetch });

describe("GitHub", () => {
  it("lists every comment, 100 a page, with the token", async () => {
    for (let i = 0; i < 250; i++) gh.seed("o/r", 1, `c${i}`);
    const all = await client().listIssueComments("o/r", 1);
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
    expect(gh.requests.map((r) => [r.query.per_page, r.query.page])).toEqual([
      ["100", "1"],
      ["100", "2"],
      ["100", "3"],
    ]);
    expect(gh.requests.every((r) => r.authorization === `Bearer ${gh.token}`)).toBe(true);
  });

  it("creates and edits comments", async () => {
    const c = await client().createIssueComment("o/r", 3, "hello");
    await client().updateIssueComment("o/r", c.id, "bye");
    expect(gh.comments("o/r", 3)).toEqual([
      { id: c.id, body: "bye", user: { login: "github-actions[bot]" } },
    ]);
  });

  it("fails with GitHub's status and message", async () => {
    const err = await client("wrong")
      .listIssueComments("o/r", 1)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubError);
    expect((err as GitHubError).status).toBe(401);
    expect((err as Error).message).toBe(
      "GET /repos/o/r/issues/1/comments?per_page=100&page=1: 401 Bad credentials",
    );
    const tooLong = await client()
      .createIssueComment("o/r", 1, "x".repeat(70_000))
      .catch((e: unknown) => e);
    expect((tooLong as GitHubError).status).toBe(422);
  });
});
