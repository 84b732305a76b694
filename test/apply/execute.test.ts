/** One client's update against a typed fake of the port: what is read, sent and verified. */
import { describe, expect, it } from "vitest";
import { executeUpdate } from "../../src/apply/execute.js";
import { CognitoError, type CognitoPort } from "../../src/cognito/port.js";
import { DEFAULT_RETRY } from "../../src/cognito/retry.js";
import type { ApiConfig } from "../../src/model/convert.js";
import type { LiveClient } from "../../src/model/live.js";
import type { UpdateEntry } from "../../src/plan/model.js";
import { liveFingerprint, planClient } from "../../src/plan/planner.js";
import type { DeclaredClient } from "../../src/specfile/load.js";
import { FakeClock } from "../support/fake-clock.js";

const declared: DeclaredClient = {
  userPoolId: "us-east-1_P",
  region: undefined,
  spec: { clientName: "web", callbackURLs: ["https://new.example.com"] },
  source: { file: "x.yaml", line: 3, column: 5, index: 0 },
};

function live(config: ApiConfig, unknownMembers: string[] = []): LiveClient {
  return {
    userPoolId: "us-east-1_P",
    clientId: "c1",
    clientName: "web",
    config,
    hasSecret: false,
    unknownMembers,
  };
}

const OLD = {
  ClientName: "web",
  AllowedOAuthFlowsUserPoolClient: true,
  CallbackURLs: ["https://old.example.com"],
};

/** A port that records calls and answers from scripted functions. */
function fakePort(answers: { describe?: () => LiveClient; update: (config: ApiConfig) => LiveClient }) {
  const calls: string[] = [];
  const port: CognitoPort = {
    listClients: async () => [],
    describeClient: async () => {
      calls.push("describe");
      if (!answers.describe) throw new Error("no describe expected");
      return answers.describe();
    },
    updateClient: async (_p, _c, config, options) => {
      calls.push("update");
      options?.onSent?.();
      return { client: answers.update(config) };
    },
  };
  return { port, calls };
}

function run(port: CognitoPort, clock: FakeClock, readAt = 0) {
  const planned = planClient(declared, live(OLD), "us-east-1") as UpdateEntry;
  expect(planned.action).toBe("update");
  return executeUpdate(declared, planned, { live: live(OLD), at: readAt }, port, {
    clock,
    concurrency: DEFAULT_RETRY,
    retry: { ...DEFAULT_RETRY, random: () => 0.5 },
    maxReadAgeMs: 30_000,
  });
}

describe("executeUpdate", () => {
  it("sends on the plan's read and verifies on the update's answer: one write, no read", async () => {
    const { port, calls } = fakePort({ update: (config) => live(config) });
    const result = await run(port, new FakeClock());
    expect(calls).toEqual(["update"]);
    expect(result).toMatchObject({
      action: "update",
      outcome: { applied: true, converged: true, attempts: 1 },
    });
  });

  it("reads again first when the plan's read is older than the freshness bound", async () => {
    const clock = new FakeClock();
    await clock.sleep(31_000);
    const { port, calls } = fakePort({ describe: () => live(OLD), update: (config) => live(config) });
    const result = await run(port, clock, 0);
    expect(calls).toEqual(["describe", "update"]);
    expect(result.outcome).toMatchObject({ applied: true, converged: true });
  });

  it("reports a member it does not know in the update's answer, rather than calling the client converged", async () => {
    const { port } = fakePort({ update: (config) => live(config, ["PasskeyRelyingParty"]) });
    const result = await run(port, new FakeClock());
    expect(result).toMatchObject({
      action: "error",
      error: { code: "UnknownLiveField" },
      outcome: { applied: true, converged: false },
    });
    expect(result.action === "error" && result.error.message).toContain("PasskeyRelyingParty");
  });

  it("reports an answer that still differs from the spec as not converged", async () => {
    const { port } = fakePort({ update: () => live(OLD) });
    const result = await run(port, new FakeClock());
    expect(result).toMatchObject({
      error: { code: "NotConverged" },
      outcome: { applied: true, converged: false },
    });
  });

  it("fails the client at once on an error that retrying cannot fix", async () => {
    const { port, calls } = fakePort({
      update: () => {
        throw new CognitoError("InvalidParameterException", "bad", false);
      },
    });
    const result = await run(port, new FakeClock());
    expect(calls).toEqual(["update"]);
    expect(result).toMatchObject({ error: { code: "InvalidParameterException" }, outcome: { attempts: 1 } });
  });
});

describe("liveFingerprint", () => {
  it("changes when a member this version does not know appears, and not otherwise", () => {
    expect(liveFingerprint(live(OLD))).toBe(liveFingerprint(live({ ...OLD })));
    expect(liveFingerprint(live(OLD, ["NewSetting"]))).not.toBe(liveFingerprint(live(OLD)));
  });
});
