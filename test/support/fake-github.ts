/**
 * A fake of the GitHub endpoints the Action calls, on loopback: issue comments (REST to write,
 * GraphQL to list with `viewerDidAuthor`), the pull requests of a commit, and issues. It knows
 * several tokens (the workflow's GITHUB_TOKEN, an App installation token, a personal token), answers
 * `GET /user` as GitHub does for each (403 for installation tokens), paginates, refuses bodies over
 * 65,536 characters, and records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeComment = { id: number; body: string; user: { login: string } };
export type FakeIssue = {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string;
  user: { login: string };
};
export type FakePull = {
  number: number;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { sha: string };
};

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body?: Record<string, unknown>;
};

type Identity = { login: string; kind: "installation" | "user" };

export interface FakeGitHub {
  url: string;
  /** The workflow's GITHUB_TOKEN (github-actions[bot]). */
  token: string;
  requests: RecordedRequest[];
  /** Answer every request with this status (a GitHub outage or a missing permission). */
  failWith: number | undefined;
  /** Answer every write with this status (a fork's read-only token). */
  failWritesWith: number | undefined;
  /** Another token: an App installation token (`name[bot]`) or a personal token. */
  addToken(token: string, login: string, kind: Identity["kind"]): void;
  /** Holds the next `n` comment listings until all `n` have arrived (two runs racing). */
  holdCommentLists(n: number): void;
  comments(repo: string, issue: number): FakeComment[];
  seed(repo: string, issue: number, body: string, login?: string): FakeComment;
  /** The pull requests GitHub associates with a commit. */
  linkCommit(sha: string, pull: { number: number; merged?: boolean; headSha?: string }): void;
  issues: FakeIssue[];
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

const MAX_BODY = 65_536;

export async function startFakeGitHub(token = "ghs_fake_token"): Promise<FakeGitHub> {
  const identities = new Map<string, Identity>([
    [token, { login: "github-actions[bot]", kind: "installation" }],
  ]);
  const threads = new Map<string, FakeComment[]>();
  const pulls = new Map<string, FakePull[]>();
  let nextId = 1000;
  let hold: { left: number; waiting: (() => void)[] } | undefined;
  const thread = (repo: string, issue: number) => {
    const key = `${repo}#${issue}`;
    let list = threads.get(key);
    if (!list) {
      list = [];
      threads.set(key, list);
    }
    return list;
  };
  const find = (id: number) => {
    for (const list of threads.values()) {
      const i = list.findIndex((x) => x.id === id);
      if (i >= 0) return { list, i };
    }
    return undefined;
  };

  const send = (res: ServerResponse, status: number, value?: unknown): true => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(value === undefined ? "" : JSON.stringify(value));
    return true;
  };

  /** GraphQL pages: the cursor is the index of the next node. */
  const page = <T>(all: T[], first: number, after: unknown) => {
    const start = typeof after === "string" ? Number(after) : 0;
    const nodes = all.slice(start, start + first);
    const end = start + nodes.length;
    return { nodes, pageInfo: { hasNextPage: end < all.length, endCursor: String(end) } };
  };

  async function graphql(
    res: ServerResponse,
    who: Identity,
    body: Record<string, unknown>,
  ): Promise<unknown> {
    const query = String(body.query ?? "");
    const v = (body.variables ?? {}) as Record<string, unknown>;
    const repo = `${v.owner}/${v.name}`;
    if (query.includes("issueOrPullRequest")) {
      if (hold && hold.left > 0) {
        const h = hold;
        h.left--;
        await new Promise<void>((resolve) => {
          h.waiting.push(resolve);
          if (h.left === 0) for (const w of h.waiting) w();
        });
      }
      const nodes = thread(repo, Number(v.number)).map((c) => ({
        databaseId: c.id,
        body: c.body,
        viewerDidAuthor: c.user.login === who.login,
      }));
      const comments = page(nodes, 100, v.after);
      return send(res, 200, { data: { repository: { issueOrPullRequest: { comments } } } });
    }
    if (query.includes("issues(")) {
      const open = fake.issues
        .filter((i) => i.state === "open")
        .sort((a, b) => b.number - a.number)
        .map((i) => ({
          number: i.number,
          body: i.body,
          viewerDidAuthor: i.user.login === who.login,
        }));
      return send(res, 200, { data: { repository: { issues: page(open, 100, v.after) } } });
    }
    return send(res, 200, { errors: [{ message: "unknown query" }] });
  }

  function issues(
    req: IncomingMessage,
    res: ServerResponse,
    who: Identity,
    path: string,
    body: Record<string, unknown>,
  ) {
    const create = /^\/repos\/[^/]+\/[^/]+\/issues$/.exec(path);
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(path);
    if (create && req.method === "POST") {
      const issue: FakeIssue = {
        number: fake.issues.length + 500,
        title: String(body.title ?? ""),
        body: String(body.body ?? ""),
        state: "open",
        user: { login: who.login },
      };
      fake.issues.push(issue);
      return send(res, 201, issue);
    }
    const issue = one ? fake.issues.find((i) => i.number === Number(one[1])) : undefined;
    if (one && req.method === "PATCH") {
      if (!issue) return send(res, 404, { message: "Not Found" });
      Object.assign(issue, body);
      return send(res, 200, issue);
    }
    return false;
  }

  function comments(
    req: IncomingMessage,
    res: ServerResponse,
    who: Identity,
    path: string,
    body: Record<string, unknown>,
  ) {
    const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (list && req.method === "POST" && typeof body.body === "string") {
      return send(res, 201, fake.seed(list[1] ?? "", Number(list[2]), body.body, who.login));
    }
    const found = one ? find(Number(one[2])) : undefined;
    if (one && (req.method === "PATCH" || req.method === "DELETE")) {
      if (!found) return send(res, 404, { message: "Not Found" });
      const c = found.list[found.i] as FakeComment;
      if (c.user.login !== who.login)
        return send(res, 403, { message: "Must have admin rights to Repository." });
      if (req.method === "DELETE") {
        found.list.splice(found.i, 1);
        return send(res, 204);
      }
      c.body = String(body.body);
      return send(res, 200, c);
    }
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    fake.requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      ...(text ? { body } : {}),
    });

    if (fake.failWith) return send(res, fake.failWith, { message: "Resource not accessible by integration" });
    const auth = /^(?:Bearer|token) (.*)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const who = identities.get(auth);
    if (!who) return send(res, 401, { message: "Bad credentials" });
    if (req.method !== "GET" && url.pathname !== "/graphql" && fake.failWritesWith) {
      return send(res, fake.failWritesWith, { message: "Resource not accessible by integration" });
    }
    if (typeof body.body === "string" && body.body.length > MAX_BODY) {
      return send(res, 422, {
        message: "Validation Failed",
        errors: [
          {
            resource: "IssueComment",
            code: "custom",
            message: "body is too long (maximum is 65536 characters)",
          },
        ],
      });
    }
    if (url.pathname === "/graphql" && req.method === "POST") return graphql(res, who, body);
    if (url.pathname === "/user") {
      // Installation tokens (GITHUB_TOKEN, an App's) may not ask who they are.
      if (who.kind === "installation")
        return send(res, 403, { message: "Resource not accessible by integration" });
      return send(res, 200, { login: who.login });
    }
    const pullsOf = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(url.pathname);
    if (pullsOf && req.method === "GET") return send(res, 200, pulls.get(pullsOf[1] ?? "") ?? []);
    if (comments(req, res, who, url.pathname, body) || issues(req, res, who, url.pathname, body)) return true;
    return send(res, 404, { message: "Not Found" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeGitHub = {
    url: `http://127.0.0.1:${port}`,
    token,
    requests: [],
    failWith: undefined,
    failWritesWith: undefined,
    addToken: (t, login, kind) => {
      identities.set(t, { login, kind });
    },
    holdCommentLists(n) {
      hold = { left: n, waiting: [] };
    },
    comments: (repo, issue) => thread(repo, issue),
    seed(repo, issue, body, login = "someone") {
      const c = { id: nextId++, body, user: { login } };
      thread(repo, issue).push(c);
      return c;
    },
    linkCommit(sha, pull) {
      const list = pulls.get(sha) ?? [];
      list.push({
        number: pull.number,
        state: pull.merged === false ? "open" : "closed",
        merged_at: pull.merged === false ? null : "2026-08-01T12:00:00Z",
        merge_commit_sha: pull.merged === false ? null : sha,
        head: { sha: pull.headSha ?? "0".repeat(40) },
      });
      pulls.set(sha, list);
    },
    issues: [],
    writes: () => fake.requests.filter((r) => r.method !== "GET" && r.path !== "/graphql"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
