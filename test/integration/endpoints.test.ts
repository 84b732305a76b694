/** A wrong endpoint, Region or profile is said plainly: the HTTP status and the endpoint, once per pool. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli.js";
import { specDir } from "../support/seed.js";

let server: Server;
let endpoint: string;
const env = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  COGNITO_GITOPS_RATES: "1000,1000,1000",
};
const POOL = "us-east-1_AAAAAAAAA";

beforeAll(async () => {
  // A web server where Cognito should be: a 404 page in HTML.
  server = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "text/html" });
    res.end("<html><body><h1>Not Found</h1></body></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const specs = () =>
  specDir({
    "a.yaml": {
      userPoolId: POOL,
      clients: [{ clientName: "web" }, { clientName: "api" }, { clientName: "admin" }],
    },
  });

describe("an endpoint that is not Cognito", () => {
  it("is named with its HTTP status, once for the pool rather than once per client", async () => {
    const r = await runInProcess(["plan", "--endpoint", endpoint], { cwd: specs(), env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `! 3 clients (web, api, admin) in ${POOL} (a.yaml:3, a.yaml:4, a.yaml:5)`,
        `    UnexpectedAnswer: listing user pool ${POOL}: ${endpoint} answered HTTP 404, which is not an Amazon Cognito answer: check --endpoint (or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER) and the Region`,
        "",
        "Plan: 0 to update, 0 in sync, 3 errors.",
        "",
      ].join("\n"),
    );
    const md = await runInProcess(["plan", "--output", "markdown", "--endpoint", endpoint], {
      cwd: specs(),
      env,
    });
    expect(md.stdout.match(/^\| ❌ \|/gm)).toHaveLength(1);
    // The JSON contract keeps one entry per client.
    const json = JSON.parse(
      (await runInProcess(["plan", "--output", "json", "--endpoint", endpoint], { cwd: specs(), env }))
        .stdout,
    );
    expect(json.clients.map((c: { error: { code: string } }) => c.error.code)).toEqual([
      "UnexpectedAnswer",
      "UnexpectedAnswer",
      "UnexpectedAnswer",
    ]);
  });
});

describe("settings checked before any work", () => {
  it.each([
    [["--endpoint", "localhost:9229"], '--endpoint "localhost:9229" is not an http(s) URL'],
    [["--endpoint", "ftp://x"], '--endpoint "ftp://x" is not an http(s) URL'],
    [["--region", "US-EAST-1"], '--region "US-EAST-1" is not an AWS Region (such as us-east-1)'],
  ])("%j is a usage error", async (flags, message) => {
    const r = await runInProcess(["plan", ...flags], { cwd: specs(), env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stdout).toBe("");
  });

  it("names a profile that is in no AWS config file", async () => {
    const cwd = specs();
    const r = await runInProcess(["plan", "--profile", "nope", "--endpoint", endpoint], {
      cwd,
      env: { AWS_CONFIG_FILE: `${cwd}/config`, AWS_SHARED_CREDENTIALS_FILE: `${cwd}/credentials` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: AWS profile "nope" is not in ${cwd}/config or ${cwd}/credentials`);
  });
});
