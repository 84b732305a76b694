/** Apply orchestration on a fake port: what the report says of updates when the run stops early. */
import { describe, expect, it } from "vitest";
import { type Connect, sharedConnect } from "../../src/cognito/port.js";
import { ApplyStoppedError, applySpecs } from "../../src/commands/apply.js";
import { GitopsError } from "../../src/errors.js";
import { loadSpecFile, type SpecFile } from "../../src/specfile/load.js";
import { FakeClock } from "../support/fake-clock.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";

const POOL = "us-east-1_AAAAAAAAA";
const OLD = ["https://old.example.com/cb"];
const NEW = ["https://new.example.com/cb"];

/** A spec naming clients by ID, each wanting NEW as its callback URLs. */
function spec(...ids: string[]): SpecFile {
  const clients = ids.map((id) => `  - clientId: ${id}\n    callbackURLs: [${NEW[0]}]\n`).join("");
  const result = loadSpecFile(
    "x.yaml",
    new TextEncoder().encode(`userPoolId: ${POOL}\nclients:\n${clients}`),
  );
  expect(result.diagnostics).toEqual([]);
  if (!result.spec) throw new Error("spec did not load");
  return result.spec;
}

/** Clients with OAuth set up and OLD as their callback URLs. */
function seeded(...ids: string[]): FakeCognito {
  const fake = new FakeCognito();
  for (const id of ids) {
    fake.seed(POOL, {
      clientId: id,
      config: awsConfig(id, {
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: OLD,
      }),
    });
  }
  return fake;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
}

describe("applySpecs when planning stops halfway", () => {
  it("waits for the updates already started and reports them with the error that stopped the run", async () => {
    const fake = seeded("a", "b");
    // Credentials run out between the two reads: the first client is already being updated.
    fake.fail("describe", new GitopsError("NoCredentials", "no AWS credentials found"), { clientId: "b" });
    const err = await rejection(applySpecs([spec("a", "b")], { connect: () => fake, poolChecks: false }));

    expect(err).toBeInstanceOf(ApplyStoppedError);
    const stopped = err as ApplyStoppedError;
    expect(stopped.code).toBe("NoCredentials");
    expect(stopped.message).toBe(
      "no AWS credentials found; updates had started for 1 client before the run stopped: 1 updated, 0 in flight (result unknown), 0 failed",
    );
    expect(stopped.plan.clients).toMatchObject([
      { clientId: "a", action: "update", outcome: { applied: true, converged: true, attempts: 1 } },
    ]);
    expect(fake.client(POOL, "a").config.CallbackURLs).toEqual(NEW);
  });

  it("throws the error as it is when no update had started", async () => {
    const fake = seeded("a");
    const fatal = new GitopsError("NoCredentials", "no AWS credentials found");
    fake.fail("describe", fatal);
    const err = await rejection(applySpecs([spec("a")], { connect: () => fake, poolChecks: false }));
    expect(err).toBe(fatal);
    expect(fake.callsOf("update")).toEqual([]);
  });
});

describe("applySpecs interrupted", () => {
  it("reports in flight an update whose answer was lost, when its new read outlasts the grace period", async () => {
    const fake = seeded("a");
    fake.fail("update", "InternalErrorException");
    const run = new AbortController();
    // The read after the lost answer never comes back: Ctrl-C meanwhile.
    const port = Object.assign(Object.create(fake) as FakeCognito, {
      describeClient: (pool: string, id: string) => {
        if (fake.callsOf("update").length === 0) return fake.describeClient(pool, id);
        run.abort("SIGINT");
        return new Promise<never>(() => {});
      },
    });
    const { plan } = await applySpecs([spec("a")], {
      connect: () => port,
      poolChecks: false,
      clock: new FakeClock(),
      signal: run.signal,
    });
    expect(plan.interrupted).toEqual({ signal: "SIGINT" });
    expect(plan.clients[0]?.outcome).toEqual({
      applied: false,
      converged: false,
      attempts: 1,
      interrupted: "in-flight",
    });
  });
});

describe("ports", () => {
  it("are opened once per Region for the reads and the updates of a run, by one cache", async () => {
    const fake = seeded("a", "b");
    const regions: string[] = [];
    const connect: Connect = (region) => {
      regions.push(region);
      return fake;
    };
    const { plan } = await applySpecs([spec("a", "b")], { connect, poolChecks: false });
    expect(plan.summary.update).toBe(2);
    expect(regions).toEqual(["us-east-1"]);
    // A connect that is already shared (the CLI's) is used as it is, not cached again.
    const shared = sharedConnect(connect);
    expect(sharedConnect(shared)).toBe(shared);
  });
});
