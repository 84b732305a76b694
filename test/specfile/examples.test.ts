import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeUpdate } from "../../src/apply/execute.js";
import { planSpecs } from "../../src/commands/plan.js";
import type { ClientSpec } from "../../src/model/types.js";
import { loadSpecFile, type SpecFile } from "../../src/specfile/load.js";
import { FakeClock } from "../support/fake-clock.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";

const dir = join(import.meta.dirname, "../../examples");
const examples = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

type Expected = {
  userPoolId: string;
  /** Each client's name and the settings the example is there to show. */
  clients: { clientName: string; shows: Partial<ClientSpec> }[];
  /** The live client needs a secret for this spec (client_credentials needs one, says AWS). */
  needsSecret?: boolean;
};

/** What each example declares, as its comments describe it. */
const EXPECTED: Record<string, Expected> = {
  "machine-to-machine.yaml": {
    userPoolId: "us-east-1_EXAMPLE1",
    needsSecret: true,
    clients: [
      {
        clientName: "billing-worker",
        shows: {
          allowedOAuthFlowsUserPoolClient: true,
          allowedOAuthFlows: ["client_credentials"],
          allowedOAuthScopes: ["api.example.com/invoices.read", "api.example.com/invoices.write"],
          accessTokenValidity: 15,
          tokenValidityUnits: { accessToken: "minutes" },
        },
      },
    ],
  },
  "mobile-app.yaml": {
    userPoolId: "us-east-1_EXAMPLE1",
    clients: [
      {
        clientName: "mobile",
        shows: {
          allowedOAuthFlows: ["code"],
          callbackURLs: ["myapp://callback"],
          defaultRedirectURI: "myapp://callback",
          ignore: ["logoutURLs"],
        },
      },
    ],
  },
  "web-app.yaml": {
    userPoolId: "us-east-1_EXAMPLE1",
    clients: [
      {
        clientName: "web",
        shows: {
          allowedOAuthFlows: ["code"],
          callbackURLs: ["https://app.example.com/callback"],
          logoutURLs: ["https://app.example.com/signed-out"],
          defaultRedirectURI: "https://app.example.com/callback",
          accessTokenValidity: 60,
          tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
        },
      },
      {
        clientName: "web-dev",
        shows: {
          // web's settings through the merge key, with its own URLs.
          allowedOAuthFlows: ["code"],
          accessTokenValidity: 60,
          callbackURLs: ["http://localhost:3000/callback"],
          defaultRedirectURI: "http://localhost:3000/callback",
          acceptRisks: ["loopback-redirect"],
        },
      },
    ],
  },
};

function load(name: string): { text: string; spec: SpecFile } {
  const bytes = readFileSync(join(dir, name));
  const result = loadSpecFile(`examples/${name}`, bytes);
  expect(result.diagnostics).toEqual([]);
  if (!result.spec) throw new Error(`${name} did not load`);
  return { text: bytes.toString("utf8"), spec: result.spec };
}

describe("examples/", () => {
  it("holds exactly the examples described here: web, machine-to-machine and mobile", () => {
    expect(examples).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(examples)("%s validates with no diagnostics and names the schema for editors", (name) => {
    const { text } = load(name);
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/schemas\/app-clients\.schema\.json$/m);
  });

  it.each(examples)("%s declares its pool, its clients and the settings it shows", (name) => {
    const { spec } = load(name);
    const expected = EXPECTED[name];
    expect(spec.userPoolId).toBe(expected?.userPoolId);
    expect(spec.clients.map((c) => c.spec.clientName)).toEqual(expected?.clients.map((c) => c.clientName));
    spec.clients.forEach((c, i) => {
      expect(c.spec).toMatchObject(expected?.clients[i]?.shows ?? { missing: true });
    });
  });

  it("leaves the mobile app's logout URLs to another team, and refuses them set there later", () => {
    const { text, spec } = load("mobile-app.yaml");
    expect(spec.clients[0]?.spec).not.toHaveProperty("logoutURLs");
    const edited = text.replace("    ignore:", "    logoutURLs: [myapp://bye]\n    ignore:");
    const result = loadSpecFile("examples/mobile-app.yaml", new TextEncoder().encode(edited));
    expect(result.diagnostics.map((d) => d.rule)).toEqual(["ignored-and-set"]);
  });

  it("keeps loopback redirects off the production web client: only web-dev has one, accepted", async () => {
    const { spec } = load("web-app.yaml");
    const fake = new FakeCognito();
    spec.clients.forEach((c, i) => {
      const name = c.spec.clientName ?? "";
      fake.seed(spec.userPoolId, { clientId: `client${i}`, config: awsConfig(name, { CallbackURLs: [] }) });
    });
    const { plan } = await planSpecs([spec], { connect: () => fake });
    const loopback = plan.clients.flatMap((c) =>
      c.risks.filter((r) => r.rule === "loopback-redirect").map((r) => `${c.clientName} ${r.accepted}`),
    );
    expect([...new Set(loopback)]).toEqual(["web-dev true"]);
    expect(plan.summary.risks.medium).toBe(0);
  });

  it.each(examples)("%s applies to a fresh client, converges, and then plans no change", async (name) => {
    const { spec } = load(name);
    const fake = new FakeCognito();
    const bye = ["https://elsewhere.example.com/bye"];
    // The pool has the resource servers and identity providers the example names.
    const scopes = spec.clients
      .flatMap((c) => c.spec.allowedOAuthScopes ?? [])
      .filter((x) => x.includes("/"));
    const servers = [...new Set(scopes.map((x) => x.slice(0, x.lastIndexOf("/"))))];
    fake.seedPool(spec.userPoolId, {
      resourceServers: servers.map((identifier) => ({
        identifier,
        scopes: scopes
          .filter((x) => x.startsWith(`${identifier}/`))
          .map((x) => x.slice(identifier.length + 1)),
      })),
      identityProviders: spec.clients
        .flatMap((c) => c.spec.supportedIdentityProviders ?? [])
        .filter((p) => p !== "COGNITO"),
    });
    spec.clients.forEach((c, i) => {
      fake.seed(spec.userPoolId, {
        clientId: `client${i}`,
        config: awsConfig(c.spec.clientName ?? "", { LogoutURLs: bye }),
        hasSecret: EXPECTED[name]?.needsSecret ?? false,
      });
    });
    const first = await planSpecs([spec], { connect: () => fake });
    expect(first.plan.clients.map((c) => c.action)).toEqual(spec.clients.map(() => "update"));

    for (const e of first.entries) {
      if (e.plan.action !== "update" || !e.read) throw new Error("expected an update with its live client");
      const once = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxTotalDelayMs: 0, random: () => 0 };
      const done = await executeUpdate(e.declared, e.plan, e.read, fake, {
        clock: new FakeClock(),
        concurrency: once,
        retry: once,
        maxReadAgeMs: 30_000,
      });
      expect(done.outcome).toEqual({ applied: true, converged: true, attempts: 1 });
    }
    const again = await planSpecs([spec], { connect: () => fake });
    expect(again.plan.summary).toMatchObject({ update: 0, error: 0, noOp: spec.clients.length });
    // Logout URLs: the spec's when it manages them, else left as they were live.
    const managed = spec.clients[0]?.spec.logoutURLs;
    expect(fake.client(spec.userPoolId, "client0").config.LogoutURLs).toEqual(managed ?? bye);
  });
});
