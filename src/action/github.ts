/** The few GitHub REST calls the Action makes: list, create and edit issue (pull request) comments. */

export type IssueComment = {
  id: number;
  body: string;
  /** The author's login, when GitHub says. */
  author?: string;
};

export type GitHubOptions = {
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3. */
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
};

/** A GitHub API call that did not succeed, with the status and GitHub's own message. */
export class GitHubError extends Error {
  override readonly name = "GitHubError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const PER_PAGE = 100;
/** 100 pages of 100 comments: a pull request never gets near, a loop bug cannot run away. */
const MAX_PAGES = 100;

export class GitHub {
  constructor(private readonly options: GitHubOptions) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.options.token}`,
        "x-github-api-version": "2022-11-28",
        "user-agent": "cognito-gitops-action",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let res: Response;
    try {
      res = await this.options.fetch(`${this.options.baseUrl}${path}`, init);
    } catch (err) {
      throw new GitHubError(0, `${method} ${path}: ${(err as Error)?.message ?? String(err)}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 200);
      try {
        message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
      } catch {}
      throw new GitHubError(res.status, `${method} ${path}: ${res.status} ${message}`.trim());
    }
    return text === "" ? undefined : JSON.parse(text);
  }

  /** The token's own login; undefined where GitHub will not say (GITHUB_TOKEN gets a 403). */
  async currentLogin(): Promise<string | undefined> {
    try {
      const me = (await this.call("GET", "/user")) as { login?: unknown };
      return typeof me?.login === "string" ? me.login : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every comment of an issue or pull request, oldest first. */
  async listIssueComments(repo: string, issue: number): Promise<IssueComment[]> {
    const out: IssueComment[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const got = await this.call(
        "GET",
        `/repos/${repo}/issues/${issue}/comments?per_page=${PER_PAGE}&page=${page}`,
      );
      if (!Array.isArray(got)) throw new GitHubError(0, "listing comments: the answer is not a list");
      for (const c of got as { id?: unknown; body?: unknown; user?: { login?: unknown } }[]) {
        if (typeof c.id !== "number") continue;
        const login = c.user?.login;
        out.push({
          id: c.id,
          body: typeof c.body === "string" ? c.body : "",
          ...(typeof login === "string" ? { author: login } : {}),
        });
      }
      if (got.length < PER_PAGE) break;
    }
    return out;
  }

  async createIssueComment(repo: string, issue: number, body: string): Promise<IssueComment> {
    const c = (await this.call("POST", `/repos/${repo}/issues/${issue}/comments`, { body })) as IssueComment;
    return { id: c.id, body: c.body };
  }

  async updateIssueComment(repo: string, id: number, body: string): Promise<IssueComment> {
    const c = (await this.call("PATCH", `/repos/${repo}/issues/comments/${id}`, { body })) as IssueComment;
    return { id: c.id, body: c.body };
  }
}
