/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the decision, and requests that really go through a proxy. */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer, request } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { proxiedFetch } from "../../src/net/fetch.js";
import { networkCause } from "../../src/net/network-error.js";
import { type ProxyEnv, proxyEnv, proxyFor } from "../../src/net/proxy.js";
import { ProxyHttpsAgent, proxyAgents } from "../../src/net/tunnel.js";
import { runInProcess } from "../support/cli.js";
import { type FakeProxy, startFakeProxy } from "../support/proxy.js";
import { specDir } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

const where = (url: string, env: ProxyEnv) => proxyFor(new URL(url), env)?.href;

describe("proxyEnv and proxyFor", () => {
  it("reads either spelling, the lowercase one first", () => {
    expect(
      proxyEnv({ HTTPS_PROXY: "http://a:1", https_proxy: "http://b:2", HTTP_PROXY: " ", NO_PROXY: "x" }),
    ).toEqual({ httpsProxy: "http://b:2", noProxy: "x" });
    expect(proxyEnv({})).toEqual({});
  });

  it("sends https URLs to HTTPS_PROXY and http URLs to HTTP_PROXY", () => {
    const env = { httpsProxy: "http://secure.proxy:3128", httpProxy: "proxy.corp:8080" };
    expect(where("https://api.github.com/x", env)).toBe("http://secure.proxy:3128/");
    expect(where("http://127.0.0.1:9/x", env)).toBe("http://proxy.corp:8080/");
    expect(where("https://api.github.com/x", { httpProxy: "http://p:1" })).toBeUndefined();
  });

  it.each([
    ["*", "https://cognito-idp.us-east-1.amazonaws.com/", true],
    ["amazonaws.com", "https://cognito-idp.us-east-1.amazonaws.com/", true],
    [".amazonaws.com", "https://cognito-idp.us-east-1.amazonaws.com/", true],
    ["*.amazonaws.com", "https://amazonaws.com/", true],
    ["mazonaws.com", "https://cognito-idp.us-east-1.amazonaws.com/", false],
    ["github.com, api.github.com:443", "https://api.github.com/", true],
    ["api.github.com:8443", "https://api.github.com/", false],
    ["127.0.0.1", "https://127.0.0.1:4443/", true],
    ["127.0.0.2", "https://127.0.0.1:4443/", false],
    ["[::1]:4443", "https://[::1]:4443/", true],
    ["::1", "https://[::1]:4443/", true],
    ["GitHub.COM", "https://api.github.com./", true],
  ])("NO_PROXY=%s for %s bypasses: %s", (noProxy, url, bypass) => {
    const env = { httpsProxy: "http://proxy:3128", noProxy };
    expect(where(url, env) === undefined).toBe(bypass);
  });

  it("says what is wrong with a proxy that is not an http(s) URL", () => {
    expect(() => where("https://x/", { httpsProxy: "socks5://p:1080" })).toThrow(
      'the proxy "socks5://p:1080" must be an http:// or https:// URL',
    );
  });

  it("never puts the proxy's user name or password in its message", () => {
    const cases = [
      ["socks5://alice:s3cret@p:1080", 'the proxy "socks5://***@p:1080" must be an http:// or https:// URL'],
      ["http://alice:s3cret@p :1", 'the proxy "http://***@p :1" is not a URL'],
      ["alice:s3/cr@et@p:bad", 'the proxy "***@p:bad" is not a URL'],
    ] as const;
    for (const [httpsProxy, message] of cases) {
      let thrown = "";
      try {
        where("https://x/", { httpsProxy });
      } catch (err) {
        thrown = (err as Error).message;
      }
      expect(thrown).toContain(message);
      expect(thrown).not.toMatch(/alice|s3/);
    }
  });
});

let proxy: FakeProxy;
let server: Server;
let target: string;
const requests: string[] = [];

beforeEach(async () => {
  proxy = await startFakeProxy();
  requests.length = 0;
  server = createHttpServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await proxy.close();
});

describe("proxiedFetch", () => {
  it("tunnels through HTTP_PROXY, and goes direct for NO_PROXY hosts and without a proxy", async () => {
    const viaProxy = proxiedFetch({ httpProxy: proxy.url });
    const res = await viaProxy(`http://${target}/a?b=1`, { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: "/a?b=1" });
    expect(proxy.seen).toEqual([target]);
    expect(requests).toEqual(["POST /a?b=1"]);

    await proxiedFetch({ httpProxy: proxy.url, noProxy: "127.0.0.1" })(`http://${target}/direct`);
    expect(proxiedFetch({})).toBe(globalThis.fetch);
    expect(proxy.seen).toEqual([target]);
    expect(requests).toEqual(["POST /a?b=1", "GET /direct"]);
  });

  it("sends the proxy's credentials, and names the proxy when it refuses", async () => {
    proxy.requireAuth = "alice:s3cr3t/x";
    const ok = await proxiedFetch({ httpProxy: proxy.url.replace("//", "//alice:s3cr3t%2Fx@") })(
      `http://${target}/`,
    );
    expect(ok.status).toBe(200);

    const err = await proxiedFetch({ httpProxy: proxy.url })(`http://${target}/`).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `proxy ${new URL(proxy.url).host} refused CONNECT to ${target}: 407 Proxy Authentication Required`,
    );
    expect(networkCause(err)).toMatch(/^proxy error \(proxy .* refused CONNECT/);
  });

  it("speaks TLS to an https target inside the tunnel", async () => {
    const dir = join(import.meta.dirname, "../fixtures/tls");
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, "localhost.key")), cert: readFileSync(join(dir, "localhost.crt")) },
      (_req, res) => res.end("secure"),
    );
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    const port = (tls.address() as AddressInfo).port;
    // The fixture's certificate is trusted the way a user trusts a corporate CA.
    const agent = new ProxyHttpsAgent(
      { httpsProxy: proxy.url },
      { ca: readFileSync(join(dir, "localhost.crt")) },
    );
    try {
      const text = await new Promise<string>((resolve, reject) => {
        request(`https://localhost:${port}/`, { agent }, (res) => {
          let s = "";
          res.on("data", (c) => {
            s += c;
          });
          res.on("end", () => resolve(s));
        })
          .on("error", reject)
          .end();
      });
      expect(text).toBe("secure");
      expect(proxy.seen).toEqual([`localhost:${port}`]);
    } finally {
      agent.destroy();
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });
});

describe("the AWS adapter behind a proxy", () => {
  let emu: StrictEmulator;
  beforeEach(async () => {
    emu = await startStrictEmulator();
  });
  afterEach(() => emu.close());

  it("sends every Cognito request through HTTP_PROXY", async () => {
    const pool = emu.createPool("proxied", "us-east-1");
    const web = emu.createClient(pool, { ClientName: "web" });
    const aws = new AwsCognito({
      region: "us-east-1",
      endpoint: emu.endpoint,
      agents: proxyAgents({ httpProxy: proxy.url }),
    });
    try {
      const listed = await aws.listClients(pool);
      const live = await aws.describeClient(pool, web.ClientId);
      expect(listed.map((c) => c.clientName)).toEqual(["web"]);
      expect(live.clientId).toBe(web.ClientId);
    } finally {
      aws.destroy();
    }
    expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.seen)).toEqual(new Set([new URL(emu.endpoint).host]));
    expect(emu.callsOf("DescribeUserPoolClient")).toHaveLength(1);
  });

  it("the CLI's plan reads HTTP_PROXY from its environment", async () => {
    const pool = emu.createPool("proxied", "us-east-1");
    emu.createClient(pool, { ClientName: "web" });
    const dir = specDir({
      "pool.yaml": { userPoolId: pool, clients: [{ clientName: "web", accessTokenValidity: 2 }] },
    });
    const r = await runInProcess(["plan", dir, "--endpoint", emu.endpoint], {
      env: { HTTP_PROXY: proxy.url },
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Plan: 1 to update, 0 in sync, 0 errors.");
    expect(new Set(proxy.seen)).toEqual(new Set([new URL(emu.endpoint).host]));
  });
});

describe("networkCause", () => {
  it("names a refused connection, a timeout, DNS and TLS instead of 'fetch failed'", async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await fetch(`http://127.0.0.1:${closedPort}/`).catch((e: unknown) => e);
    expect((refused as Error).message).toBe("fetch failed");
    expect(networkCause(refused)).toMatch(/^connection refused \(.*ECONNREFUSED/);

    const silent = createHttpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const timeout = await fetch(url, { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    silent.closeAllConnections();
    silent.close();
    expect(networkCause(timeout)).toMatch(/^timed out/);

    const dns = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.github.invalid"), { code: "ENOTFOUND" }),
    });
    expect(networkCause(dns)).toBe("DNS lookup failed (getaddrinfo ENOTFOUND api.github.invalid)");

    const tls = await fetch(`https://${target}/`).catch((e: unknown) => e);
    expect(networkCause(tls)).toMatch(/^TLS error/);
    expect(networkCause(new Error("Bad credentials"))).toBeUndefined();
  });
});
