/**
 * The few GitHub calls the Action makes: issue and pull request comments, the pull requests of a
 * commit, and issues. Which comments and issues are the Action's own is asked of GraphQL
 * (`viewerDidAuthor`), which answers for the workflow's GITHUB_TOKEN, a personal token and a
 * GitHub App installation token alike; `GET /user` refuses the latter two kinds of bot token.
 */
import { networkCause } from "../net/network-error.js";

export type IssueComment = {
  /** The REST id (GraphQL's databaseId). */
  id: number;
  body: string;
  /** Written with this token's identity. */
  mine: boolean;
};

export type OwnIssue = { number: number; body: string };

/** A pull request that GitHub associates with a commit. */
export type PullRequestRef = { number: number; merged: boolean };

export type GitHubOptions = {
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3. */
  baseUrl: string;
  /** GITHUB_GRAPHQL_URL: https://api.github.com/graphql, or a server's /api/graphql. */
  graphqlUrl: string;
  token: string;
  fetch: typeof fetch;
  /** Per request; a hung connection must not hold the job for hours. */
  timeoutMs?: number;
};

/** A GitHub API call that did not succeed, with the status (0: no answer) and GitHub's own message. */
export class GitHubError extends Error {
  override readonly name = "GitHubError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** " The job needs `permissions: <permission>`." when GitHub refused the token (403, or 404 for a hidden resource). */
export function permissionHint(err: unknown, permission: string): string {
  const denied = err instanceof GitHubError && (err.status === 403 || err.status === 404);
  return denied ? ` The job needs \`permissions: ${permission}\`.` : "";
}

/**
 * "cognito-gitops could not <what>: <reason>." and, given the `permission` it needs, the hint when
 * GitHub refused the token.
 */
export function gitHubFailure(what: string, err: unknown, permission?: string): string {
  const reason = err instanceof Error ? err.message : String(err);
  const hint = permission ? permissionHint(err, permission) : "";
  return `cognito-gitops could not ${what}: ${reason}.${hint}`;
}

const PER_PAGE = 100;
/** 100 pages of 100: a pull request never gets near, a loop bug cannot run away. */
const MAX_PAGES = 100;
const TIMEOUT_MS = 30_000;

type Page<T> = { nodes?: (T | null)[]; pageInfo?: { hasNextPage?: boolean; endCursor?: string | null } };

const COMMENTS_QUERY = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    issueOrPullRequest(number: $number) {
      ... on Issue { comments(first: ${PER_PAGE}, after: $after) { ...page } }
      ... on PullRequest { comments(first: ${PER_PAGE}, after: $after) { ...page } }
    }
  }
}
fragment page on IssueCommentConnection {
  nodes { databaseId body viewerDidAuthor }
  pageInfo { hasNextPage endCursor }
}`;

const OPEN_ISSUES_QUERY = `query($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: ${PER_PAGE}, after: $after, states: OPEN, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { number body viewerDidAuthor }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

function ownerAndName(repo: string): { owner: string; name: string } {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, name };
}

export class GitHub {
  constructor(private readonly options: GitHubOptions) {}

  private async send(method: string, url: string, what: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.options.token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "cognito-gitops-action",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? TIMEOUT_MS),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let res: Response;
    try {
      res = await this.options.fetch(url, init);
    } catch (err) {
      const cause = networkCause(err) ?? (err as Error)?.message ?? String(err);
      throw new GitHubError(0, `${what}: ${cause}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
      } catch {}
      throw new GitHubError(res.status, `${what}: ${res.status} ${message}`.trim());
    }
    return text === "" ? undefined : JSON.parse(text);
  }

  private rest(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.send(method, `${this.options.baseUrl}${path}`, `${method} ${path}`, body);
  }

  /** A GraphQL query; GitHub's `errors` become a GitHubError (FORBIDDEN as a 403). */
  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const got = (await this.send("POST", this.options.graphqlUrl, "POST /graphql", { query, variables })) as {
      data?: T;
      errors?: { type?: string; message?: string }[];
    };
    const first = got?.errors?.[0];
    if (first || !got?.data) {
      const status = first?.type === "FORBIDDEN" ? 403 : first?.type === "NOT_FOUND" ? 404 : 0;
      throw new GitHubError(status, `POST /graphql: ${first?.message ?? "no data in the answer"}`);
    }
    return got.data;
  }

  private async pages<T>(fetchPage: (after: string | null) => Promise<Page<T> | undefined>): Promise<T[]> {
    const out: T[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const got = await fetchPage(after);
      for (const n of got?.nodes ?? []) if (n) out.push(n);
      if (!got?.pageInfo?.hasNextPage || !got.pageInfo.endCursor) break;
      after = got.pageInfo.endCursor;
    }
    return out;
  }

  /** Every comment of an issue or pull request, oldest first, each saying whether it is ours. */
  async listComments(repo: string, issue: number): Promise<IssueComment[]> {
    type Node = { databaseId?: number | null; body?: string | null; viewerDidAuthor?: boolean | null };
    type Data = { repository?: { issueOrPullRequest?: { comments?: Page<Node> } | null } | null };
    const nodes = await this.pages<Node>(async (after) => {
      const data = await this.graphql<Data>(COMMENTS_QUERY, { ...ownerAndName(repo), number: issue, after });
      return data.repository?.issueOrPullRequest?.comments;
    });
    return nodes
      .filter((n) => typeof n.databaseId === "number")
      .map((n) => ({ id: n.databaseId as number, body: n.body ?? "", mine: n.viewerDidAuthor === true }));
  }

  async createIssueComment(repo: string, issue: number, body: string): Promise<number> {
    const c = (await this.rest("POST", `/repos/${repo}/issues/${issue}/comments`, { body })) as {
      id: number;
    };
    return c.id;
  }

  async updateIssueComment(repo: string, id: number, body: string): Promise<void> {
    await this.rest("PATCH", `/repos/${repo}/issues/comments/${id}`, { body });
  }

  /** Deletes a comment; one already gone (another run deleted it) is no error. */
  async deleteIssueComment(repo: string, id: number): Promise<void> {
    try {
      await this.rest("DELETE", `/repos/${repo}/issues/comments/${id}`);
    } catch (err) {
      if (!(err instanceof GitHubError && err.status === 404)) throw err;
    }
  }

  /** The pull requests of a commit: on the default branch, the merged one that brought it. */
  async pullRequestsOfCommit(repo: string, sha: string): Promise<PullRequestRef[]> {
    const got = await this.rest("GET", `/repos/${repo}/commits/${sha}/pulls?per_page=${PER_PAGE}`);
    if (!Array.isArray(got)) throw new GitHubError(0, "listing pull requests: the answer is not a list");
    return (got as Record<string, unknown>[])
      .filter((p) => typeof p.number === "number")
      .map((p) => ({ number: p.number as number, merged: typeof p.merged_at === "string" }));
  }

  /** Open issues this token's identity opened, newest first. */
  async listOwnOpenIssues(repo: string): Promise<OwnIssue[]> {
    type Node = { number?: number; body?: string | null; viewerDidAuthor?: boolean | null };
    type Data = { repository?: { issues?: Page<Node> } | null };
    const nodes = await this.pages<Node>(
      async (after) =>
        (await this.graphql<Data>(OPEN_ISSUES_QUERY, { ...ownerAndName(repo), after })).repository?.issues,
    );
    return nodes
      .filter((n) => n.viewerDidAuthor === true && typeof n.number === "number")
      .map((n) => ({ number: n.number as number, body: n.body ?? "" }));
  }

  async createIssue(repo: string, title: string, body: string): Promise<number> {
    const got = (await this.rest("POST", `/repos/${repo}/issues`, { title, body })) as { number: number };
    return got.number;
  }

  async updateIssue(
    repo: string,
    issue: number,
    patch: { title?: string; body?: string; state?: "open" | "closed"; state_reason?: string },
  ): Promise<void> {
    await this.rest("PATCH", `/repos/${repo}/issues/${issue}`, patch);
  }
}
