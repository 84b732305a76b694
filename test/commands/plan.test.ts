/** Plan orchestration on a fake port: which pools are read, how often, and what a failure becomes. */
import { describe, expect, it } from "vitest";
import type { Connect } from "../../src/cognito/port.js";
import { type PlanOptions, planSpecs } from "../../src/commands/plan.js";
import { GitopsError } from "../../src/errors.js";
import type { ClientPlan, ErrorEntry } from "../../src/plan/model.js";
import { loadSpecFile, type SpecFile } from "../../src/specfile/load.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";

const US = "us-east-1_AAAAAAAAA";
const US2 = "us-east-1_CCCCCCCCC";
const EU = "eu-west-1_BBBBBBBBB";

/** A spec file from YAML text, checked as `validate` checks it. */
function spec(file: string, yaml: string): SpecFile {
  const result = loadSpecFile(file, new TextEncoder().encode(yaml));
  expect(result.diagnostics).toEqual([]);
  if (!result.spec) throw new Error(`${file} did not load`);
  return result.spec;
}

/** One fake per Region, and a log of the Regions asked for. */
function regions(fakes: Record<string, FakeCognito>): { connect: Connect; connects: string[] } {
  const connects: string[] = [];
  const connect: Connect = (region) => {
    connects.push(region);
    const fake = fakes[region];
    if (!fake) throw new Error(`no fake for ${region}`);
    return fake;
  };
  return { connect, connects };
}

function run(specs: SpecFile[], connect: Connect, options: Partial<PlanOptions> = {}) {
  return planSpecs(specs, { connect, ...options });
}

function errorOf(c: ClientPlan | undefined): ErrorEntry["error"] | undefined {
  return c?.action === "error" ? c.error : undefined;
}

describe("planSpecs on a fake port", () => {
  it("opens one port per Region and lists each pool once, however many files name it", async () => {
    const us = new FakeCognito();
    const eu = new FakeCognito();
    us.seed(
      US,
      { clientId: "web1", config: awsConfig("web") },
      { clientId: "adm1", config: awsConfig("admin") },
    );
    us.seed(US2, { clientId: "oth1", config: awsConfig("other") });
    eu.seed(EU, { clientId: "eu1", config: awsConfig("eu-web") });
    const { connect, connects } = regions({ "us-east-1": us, "eu-west-1": eu });
    const specs = [
      spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: web\n    accessTokenValidity: 2\n`),
      spec("b.yaml", `userPoolId: ${EU}\nclients:\n  - clientName: eu-web\n`),
      spec("c.yaml", `userPoolId: ${US}\nclients:\n  - clientName: admin\n`),
      spec("d.yaml", `userPoolId: ${US2}\nclients:\n  - clientName: other\n`),
    ];
    const { plan } = await run(specs, connect);

    expect(connects.sort()).toEqual(["eu-west-1", "us-east-1"]);
    expect(us.callsOf("list").map((c) => c.userPoolId)).toEqual([US, US2]);
    expect(eu.callsOf("list").map((c) => c.userPoolId)).toEqual([EU]);
    expect(
      us
        .callsOf("describe")
        .map((c) => c.clientId)
        .sort(),
    ).toEqual(["adm1", "oth1", "web1"]);
    expect(eu.callsOf("describe").map((c) => c.clientId)).toEqual(["eu1"]);
    expect(plan.clients.map((c) => [c.clientName, c.region, c.action])).toEqual([
      ["web", "us-east-1", "update"],
      ["eu-web", "eu-west-1", "no-op"],
      ["admin", "us-east-1", "no-op"],
      ["other", "us-east-1", "no-op"],
    ]);
    expect(plan.summary).toMatchObject({ clients: 4, update: 1, noOp: 3, error: 0, unmanaged: 0 });
  });

  it("takes the Region from the spec, then the pool ID, then the default, and stops without one", async () => {
    const fake = new FakeCognito();
    fake.seed("local_pool1", { clientId: "c1", config: awsConfig("c") });
    fake.seed(US, { clientId: "c2", config: awsConfig("d") });
    const { connect, connects } = regions({ "eu-central-1": fake, "ap-south-1": fake });
    const specs = [
      spec("a.yaml", "userPoolId: local_pool1\nclients:\n  - clientName: c\n"),
      spec("b.yaml", `userPoolId: ${US}\nregion: ap-south-1\nclients:\n  - clientName: d\n`),
    ];
    const { plan } = await run(specs, connect, { defaultRegion: "eu-central-1" });
    expect(connects.sort()).toEqual(["ap-south-1", "eu-central-1"]);
    expect(plan.clients.map((c) => c.region)).toEqual(["eu-central-1", "ap-south-1"]);

    await expect(run(specs.slice(0, 1), connect)).rejects.toMatchObject({
      code: "NoRegion",
      message: expect.stringContaining("local_pool1"),
    });
  });

  it("does not list a pool when every selected client has a clientId and --client is given", async () => {
    const fake = new FakeCognito();
    fake.seed(
      US,
      { clientId: "web1", config: awsConfig("web") },
      { clientId: "adm1", config: awsConfig("admin") },
    );
    const { connect } = regions({ "us-east-1": fake });
    const specs = [
      spec(
        "a.yaml",
        `userPoolId: ${US}\nclients:\n  - clientName: web\n    clientId: web1\n  - clientName: admin\n    clientId: adm1\n`,
      ),
    ];

    const selected = await run(specs, connect, { clientNames: ["web"] });
    expect(fake.callsOf("list")).toEqual([]);
    expect(fake.callsOf("describe").map((c) => c.clientId)).toEqual(["web1"]);
    expect(selected.plan.clients.map((c) => c.clientName)).toEqual(["web"]);
    expect(selected.plan.unmanaged).toEqual([]);

    // Without a selector the pool is listed anyway, to report the clients no spec names.
    fake.calls.length = 0;
    await run(specs, connect);
    expect(fake.callsOf("list")).toHaveLength(1);
  });

  it("lists a pool under --client when a selected client has only a name, and reports no unmanaged", async () => {
    const fake = new FakeCognito();
    fake.seed(
      US,
      { clientId: "web1", config: awsConfig("web") },
      { clientId: "zzz1", config: awsConfig("stray") },
    );
    const { connect } = regions({ "us-east-1": fake });
    const specs = [spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: web\n`)];
    const { plan } = await run(specs, connect, { clientNames: ["web"] });
    expect(fake.callsOf("list")).toHaveLength(1);
    expect(plan.clients.map((c) => [c.clientId, c.action])).toEqual([["web1", "no-op"]]);
    expect(plan.unmanaged).toEqual([]);
  });

  it("reports live clients no spec names as unmanaged, but not clients a spec names ambiguously", async () => {
    const fake = new FakeCognito();
    fake.seed(
      US,
      { clientId: "web1", config: awsConfig("web") },
      { clientId: "dup1", config: awsConfig("twin") },
      { clientId: "dup2", config: awsConfig("twin") },
      { clientId: "zz1", config: awsConfig("stray b") },
      { clientId: "zz2", config: awsConfig("stray a") },
      { clientId: "byid", config: awsConfig("by id") },
    );
    const { connect } = regions({ "us-east-1": fake });
    const specs = [
      spec(
        "a.yaml",
        `userPoolId: ${US}\nclients:\n  - clientName: web\n  - clientName: twin\n  - clientId: byid\n    clientName: renamed\n`,
      ),
    ];
    const { plan } = await run(specs, connect);
    expect(plan.unmanaged).toEqual([
      { userPoolId: US, clientId: "zz2", clientName: "stray a" },
      { userPoolId: US, clientId: "zz1", clientName: "stray b" },
    ]);
    expect(errorOf(plan.clients[1])).toEqual({
      code: "AmbiguousClientName",
      message: expect.stringMatching(/2 app clients .* "twin" \(dup1, dup2\)/),
    });
    // A client found by ID is renamed by its spec: an update, and not unmanaged either.
    expect(plan.clients[2]).toMatchObject({ clientId: "byid", action: "update" });
    expect(plan.summary.unmanaged).toBe(2);
    // An ambiguous name is never described: which one would it be?
    expect(
      fake
        .callsOf("describe")
        .map((c) => c.clientId)
        .sort(),
    ).toEqual(["byid", "web1"]);
  });

  it("turns a Describe that finds no client into ClientNotFound, and other failures into their code", async () => {
    const fake = new FakeCognito();
    fake.seed(
      US,
      { clientId: "web1", config: awsConfig("web") },
      { clientId: "slow1", config: awsConfig("slow") },
    );
    fake.fail("describe", "TooManyRequestsException", { clientId: "slow1" });
    const { connect } = regions({ "us-east-1": fake });
    const specs = [
      spec(
        "a.yaml",
        `userPoolId: ${US}\nclients:\n  - clientId: gone1\n    clientName: gone\n  - clientId: slow1\n    clientName: slow\n  - clientId: web1\n    clientName: web\n`,
      ),
    ];
    const { plan } = await run(specs, connect, { clientNames: ["gone", "slow", "web"] });
    expect(fake.callsOf("list")).toEqual([]);
    expect(plan.clients.map((c) => [c.clientId, c.action])).toEqual([
      ["gone1", "error"],
      ["slow1", "error"],
      ["web1", "no-op"],
    ]);
    expect(errorOf(plan.clients[0])).toEqual({
      code: "ClientNotFound",
      message: `no app client gone1 in user pool ${US} (User pool client gone1 does not exist.)`,
    });
    expect(errorOf(plan.clients[1])).toEqual({
      code: "TooManyRequestsException",
      message: "TooManyRequestsException (fake)",
    });
  });

  it("fails every client of a pool whose listing fails, and plans another pool as usual", async () => {
    const fake = new FakeCognito();
    fake.seed(
      US,
      { clientId: "web1", config: awsConfig("web") },
      { clientId: "adm1", config: awsConfig("admin") },
    );
    fake.seed(US2, { clientId: "oth1", config: awsConfig("other") });
    fake.fail("list", new Error("AccessDeniedException: not allowed"), { userPoolId: US });
    const { connect } = regions({ "us-east-1": fake });
    const specs = [
      spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: web\n  - clientName: admin\n`),
      spec(
        "b.yaml",
        `userPoolId: ${US2}\nclients:\n  - clientName: other\n    enableTokenRevocation: false\n`,
      ),
    ];
    const { plan, entries } = await run(specs, connect);
    expect(plan.clients.map((c) => [c.clientName, c.action])).toEqual([
      ["web", "error"],
      ["admin", "error"],
      ["other", "update"],
    ]);
    for (const c of plan.clients.slice(0, 2)) {
      expect(errorOf(c)).toEqual({
        code: "Error",
        message: `listing user pool ${US}: AccessDeniedException: not allowed`,
      });
    }
    expect(fake.callsOf("describe").map((c) => c.clientId)).toEqual(["oth1"]);
    expect(entries.map((e) => e.read?.live.clientId)).toEqual([undefined, undefined, "oth1"]);
    expect(plan.summary).toMatchObject({ update: 1, error: 2 });
  });

  it.each(["list", "describe"] as const)(
    "stops the run when the port's %s throws a GitopsError",
    async (op) => {
      const fake = new FakeCognito();
      fake.seed(US, { clientId: "web1", config: awsConfig("web") });
      fake.fail(op, new GitopsError("NoCredentials", "no AWS credentials found"));
      const { connect } = regions({ "us-east-1": fake });
      const specs = [spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: web\n`)];
      await expect(run(specs, connect)).rejects.toMatchObject({ name: "GitopsError", code: "NoCredentials" });
    },
  );

  it("refuses selectors that match nothing, before any call", async () => {
    const fake = new FakeCognito();
    const { connect, connects } = regions({ "us-east-1": fake });
    const specs = [spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: web\n`)];
    await expect(run(specs, connect, { pools: [US, "us-east-1_NOPE"] })).rejects.toMatchObject({
      code: "NoSuchSelection",
      message: "--pool us-east-1_NOPE matches nothing in the specs (names are case-sensitive)",
    });
    await expect(run(specs, connect, { clientNames: ["Web", "web"] })).rejects.toMatchObject({
      code: "NoSuchSelection",
      message: "--client Web matches nothing in the specs (names are case-sensitive)",
    });
    expect(connects).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  it("plans only the selected pools and clients", async () => {
    const fake = new FakeCognito();
    fake.seed(US, { clientId: "web1", config: awsConfig("web") });
    fake.seed(
      US2,
      { clientId: "web2", config: awsConfig("web") },
      { clientId: "oth2", config: awsConfig("other") },
    );
    const { connect } = regions({ "us-east-1": fake });
    const specs = [
      spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: web\n`),
      spec("b.yaml", `userPoolId: ${US2}\nclients:\n  - clientName: web\n  - clientName: other\n`),
    ];
    const { plan } = await run(specs, connect, { pools: [US2], clientNames: ["web"] });
    expect(plan.clients.map((c) => [c.userPoolId, c.clientId])).toEqual([[US2, "web2"]]);
    expect(fake.callsOf("list").map((c) => c.userPoolId)).toEqual([US2]);
  });

  it("returns entries in spec order (file, then position), whatever order the pools answer in", async () => {
    const fake = new FakeCognito();
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    fake.seed(US, ...names.map((n) => ({ clientId: `${n}id`, config: awsConfig(n) })));
    fake.seed(US, { clientId: "a0id", config: awsConfig("a0") });
    fake.seed(US2, { clientId: "xid", config: awsConfig("x") });
    const { connect } = regions({ "us-east-1": fake });
    // Pool US is named by a.yaml and c.yaml: its group holds both, yet b.yaml's client sits between.
    const specs = [
      spec("c.yaml", `userPoolId: ${US}\nclients:\n${names.map((n) => `  - clientName: ${n}\n`).join("")}`),
      spec("b.yaml", `userPoolId: ${US2}\nclients:\n  - clientName: x\n`),
      spec("a.yaml", `userPoolId: ${US}\nclients:\n  - clientName: a0\n    clientId: a0id\n`),
    ];
    const progress: number[] = [];
    const { plan, entries } = await run(specs, connect, {
      onProgress: (phase, done, total) => progress.push(phase === "read" && total === 14 ? done : -1),
    });
    expect(plan.clients.map((c) => `${c.source.file}:${c.clientName}`)).toEqual([
      "a.yaml:a0",
      "b.yaml:x",
      ...names.map((n) => `c.yaml:${n}`),
    ]);
    expect(entries.map((e) => e.plan)).toEqual(plan.clients);
    expect(progress).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });
});

describe("pool checks on a fake port", () => {
  const changed = (names: string[], extra = "") =>
    spec(
      "p.yaml",
      `userPoolId: ${US}\nclients:\n${names.map((n) => `  - clientName: ${n}\n    accessTokenValidity: 2\n${extra}`).join("")}`,
    );
  const seeded = () => {
    const fake = new FakeCognito();
    fake.seed(US, ...["a", "b", "c", "d"].map((n) => ({ clientId: `${n}1`, config: awsConfig(n) })));
    return fake;
  };
  const poolReads = (fake: FakeCognito) =>
    fake.calls.filter((c) => ["describePool", "listIdentityProviders", "listResourceServers"].includes(c.op))
      .length;

  it("reads a pool once, however many of its clients change, and not at all when none does", async () => {
    const fake = seeded();
    const { plan } = await run([changed(["a", "b", "c", "d"])], () => fake);
    expect(plan.summary.update).toBe(4);
    expect(fake.callsOf("describePool")).toHaveLength(1);
    expect(poolReads(fake)).toBe(3);

    const idle = seeded();
    const same = spec("s.yaml", `userPoolId: ${US}\nclients:\n  - clientName: a\n`);
    await run([same], () => idle);
    expect(poolReads(idle)).toBe(0);

    const off = seeded();
    await run([changed(["a"])], () => off, { poolChecks: false });
    expect(poolReads(off)).toBe(0);
  });

  it("fails only the clients that do not fit, and hands apply the pool it read", async () => {
    const fake = seeded();
    fake.seedPool(US, { attributes: ["email", "name", "custom:team"], tier: "LITE" });
    const specs = [
      spec(
        "p.yaml",
        `userPoolId: ${US}\nclients:\n  - clientName: a\n    readAttributes: [email, custom:teem]\n  - clientName: b\n    explicitAuthFlows: [ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH]\n  - clientName: c\n    readAttributes: [email, custom:team]\n`,
      ),
    ];
    const { plan, entries } = await run(specs, () => fake);
    expect(plan.clients.map((c) => c.action)).toEqual(["error", "error", "update"]);
    expect(errorOf(plan.clients[0])?.message).toContain('did you mean "custom:team"?');
    expect(errorOf(plan.clients[1])?.message).toContain("LITE tier");
    expect(entries[2]?.pool).toMatchObject({ userPoolId: US, tier: "LITE" });
  });

  it("goes on when the role may not read the pool: one warning for it, the checks skipped", async () => {
    const fake = seeded();
    fake.fail("describePool", "AccessDeniedException");
    fake.fail("listResourceServers", "AccessDeniedException");
    fake.seedPool(US, { identityProviders: [] });
    const { plan } = await run([changed(["a", "b"], "    readAttributes: [custom:nope]\n")], () => fake);
    expect(plan.summary).toMatchObject({ update: 2, error: 0 });
    expect(plan.warnings).toEqual([
      {
        userPoolId: US,
        region: "us-east-1",
        code: "PoolChecksDenied",
        message: expect.stringMatching(
          /^pool checks skipped for user pool us-east-1_AAAAAAAAA: the role lacks cognito-idp:DescribeUserPool, cognito-idp:ListResourceServers \(AccessDeniedException\)/,
        ),
      },
    ]);
  });

  it("skips the checks of a read that fails otherwise, and says why", async () => {
    const fake = seeded();
    fake.fail("listIdentityProviders", "InternalErrorException");
    const { plan } = await run(
      [changed(["a"], "    supportedIdentityProviders: [COGNITO, Corp]\n")],
      () => fake,
    );
    expect(plan.clients[0]?.action).toBe("update");
    expect(plan.warnings[0]).toMatchObject({ code: "PoolChecksSkipped" });
    expect(plan.warnings[0]?.message).toContain("ListIdentityProviders failed (InternalErrorException:");
  });
});
