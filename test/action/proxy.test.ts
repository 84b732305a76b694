/** Behind a corporate proxy: the bundled Action sends its AWS and its GitHub calls through HTTP_PROXY. */
import { basename, dirname } from "node:path";
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { actionBundle, runActionBundle } from "../support/action.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { type FakeProxy, startFakeProxy } from "../support/proxy.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let gh: FakeGitHub;
let proxy: FakeProxy;

beforeAll(async () => {
  await actionBundle();
}, 60_000);
beforeEach(async () => {
  emu = await startStrictEmulator();
  gh = await startFakeGitHub();
  proxy = await startFakeProxy();
});
afterEach(async () => {
  await proxy.close();
  await gh.close();
  await emu.close();
});

it("a loopback proxy sees the Cognito and the GitHub requests when HTTP_PROXY is set, and none with NO_PROXY", async () => {
  const pool = emu.createPool("proxied", "us-east-1");
  emu.createClient(pool, { ClientName: "web" });
  const dir = specDir({
    "pool.yaml": {
      userPoolId: pool,
      clients: [{ clientName: "web", accessTokenValidity: 2 }],
    },
  });
  const run = (env: Record<string, string>) =>
    runActionBundle({
      cwd: dirname(dir),
      eventName: "pull_request",
      payload: { number: 5, pull_request: { number: 5 } },
      githubToken: gh.token,
      inputs: { paths: basename(dir) },
      env: {
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint,
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: "acme/identity",
        ...env,
      },
    });

  const r = await run({ HTTP_PROXY: proxy.url });

  expect(r.code).toBe(0);
  expect(r.stdout).not.toMatch(/^::warning::/m);
  expect(gh.comments("acme/identity", 5)).toHaveLength(1);
  const aws = new URL(emu.endpoint).host;
  const github = new URL(gh.url).host;
  expect(new Set(proxy.seen)).toEqual(new Set([aws, github]));
  expect(emu.callsOf("DescribeUserPoolClient")).toHaveLength(1);

  proxy.seen.length = 0;
  const direct = await run({ http_proxy: proxy.url, NO_PROXY: "127.0.0.1" });
  expect(direct.code).toBe(0);
  expect(proxy.seen).toEqual([]);
});
