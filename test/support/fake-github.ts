/**
 * A fake of the few GitHub REST endpoints the Action calls (issue comments), on loopback. It
 * checks the token, paginates as GitHub does, refuses bodies over 65,536 characters, and records
 * every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeComment = { id: number; body: string; user: { login: string } };

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body?: { body?: string };
};

export interface FakeGitHub {
  url: string;
  token: string;
  requests: RecordedRequest[];
  /** Answer every request with this status (a GitHub outage or a missing permission). */
  failWith: number | undefined;
  comments(repo: string, issue: number): FakeComment[];
  seed(repo: string, issue: number, body: string, login?: string): FakeComment;
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

const MAX_BODY = 65_536;

export async function startFakeGitHub(token = "ghs_fake_token"): Promise<FakeGitHub> {
  const threads = new Map<string, FakeComment[]>();
  let nextId = 1000;
  const thread = (repo: string, issue: number) => {
    const key = `${repo}#${issue}`;
    let list = threads.get(key);
    if (!list) {
      list = [];
      threads.set(key, list);
    }
    return list;
  };
  const byId = (id: number) => {
    for (const list of threads.values()) {
      const c = list.find((x) => x.id === id);
      if (c) return c;
    }
    return undefined;
  };

  const send = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(value));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text ? (JSON.parse(text) as { body?: string }) : undefined;
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      ...(body ? { body } : {}),
    };
    fake.requests.push(recorded);

    if (fake.failWith) return send(res, fake.failWith, { message: "Resource not accessible by integration" });
    if (req.headers.authorization !== `Bearer ${token}` && req.headers.authorization !== `token ${token}`) {
      return send(res, 401, { message: "Bad credentials" });
    }
    const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (body?.body !== undefined && body.body.length > MAX_BODY) {
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
    if (url.pathname === "/user") {
      // As GitHub answers the workflow's GITHUB_TOKEN.
      return send(res, 403, { message: "Resource not accessible by integration" });
    }
    if (list && req.method === "GET") {
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
      const page = Number(url.searchParams.get("page") ?? 1);
      const all = thread(list[1] ?? "", Number(list[2]));
      return send(res, 200, all.slice((page - 1) * perPage, page * perPage));
    }
    if (list && req.method === "POST" && typeof body?.body === "string") {
      const c = fake.seed(list[1] ?? "", Number(list[2]), body.body, "github-actions[bot]");
      return send(res, 201, c);
    }
    if (one && req.method === "PATCH" && typeof body?.body === "string") {
      const c = byId(Number(one[2]));
      if (!c) return send(res, 404, { message: "Not Found" });
      c.body = body.body;
      return send(res, 200, c);
    }
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
    comments: (repo, issue) => thread(repo, issue),
    seed(repo, issue, body, login = "someone") {
      const c = { id: nextId++, body, user: { login } };
      thread(repo, issue).push(c);
      return c;
    },
    writes: () => fake.requests.filter((r) => r.method !== "GET"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
