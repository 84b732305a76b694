/**
 * An Action apply that an error stops after updates had started (credentials that run out midway):
 * the step fails with that error, and still reports what it wrote. In-process, on a fake port.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { actionContext, parseInputs } from "../../src/action/inputs.js";
import type { ActionIo } from "../../src/action/io.js";
import { runAction } from "../../src/action/run.js";
import { GitopsError } from "../../src/errors.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";
import { specDir } from "../support/seed.js";

const POOL = "us-east-1_AAAAAAAAA";
const NEW = "https://new.example.com/cb";

function recordingIo() {
  const logs: string[] = [];
  const outputs: Record<string, string> = {};
  const summaries: string[] = [];
  const io: ActionIo = {
    log: (text) => logs.push(text),
    annotate: () => {},
    warning: (text) => logs.push(`warning: ${text}`),
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    appendSummary: async (markdown) => {
      summaries.push(markdown);
    },
  };
  return { io, logs, outputs, summaries };
}

describe("an apply stopped after updates had started", () => {
  it("fails with the error, and its summary, outputs and saved plan say what was written", async () => {
    const fake = new FakeCognito();
    for (const id of ["a", "b"]) {
      fake.seed(POOL, {
        clientId: id,
        config: awsConfig(id, {
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ["code"],
          AllowedOAuthScopes: ["openid"],
          CallbackURLs: ["https://old.example.com/cb"],
        }),
      });
    }
    // Credentials run out between the two reads: client a is already being updated.
    fake.fail("describe", new GitopsError("NoCredentials", "no AWS credentials found"), { clientId: "b" });
    const clients = ["a", "b"].map((id) => ({ clientId: id, callbackURLs: [NEW] }));
    const dir = specDir({ "pool.yaml": { userPoolId: POOL, clients } });
    const inputs = parseInputs(
      (name) =>
        ({
          command: "apply",
          paths: basename(dir),
          "require-reviewed-plan": "false",
          "pool-checks": "false",
        })[name] ?? "",
    );
    const ctx = actionContext({ GITHUB_EVENT_NAME: "push", RUNNER_TEMP: specDir({}) }, dirname(dir));
    const { io, logs, outputs, summaries } = recordingIo();
    const fetch = () => Promise.reject(new Error("no GitHub call expected"));

    const result = await runAction(inputs, ctx, { io, fetch, connect: () => fake, defaultRegion: undefined });

    expect(result.failure).toBe(
      "no AWS credentials found; updates had started for 1 client before the run stopped: 1 updated, 0 in flight (result unknown), 0 failed. See the job summary for what was done.",
    );
    expect(fake.client(POOL, "a").config.CallbackURLs).toEqual([NEW]);
    expect(fake.callsOf("update").map((c) => c.clientId)).toEqual(["a"]);
    // The log and the job summary show the update that went through, under the error.
    expect(stripVTControlCharacters(logs.join("\n"))).toContain(
      "~ a (a) in us-east-1_AAAAAAAAA updated and verified",
    );
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatch(/^> ❌ \*\*no AWS credentials found; updates had started for 1 client/);
    expect(summaries[0]).toContain("https://new.example.com/cb");
    expect(outputs.summary).toMatch(/^Apply stopped: no AWS credentials found; /);
    expect(JSON.parse(outputs["changed-clients"] ?? "")).toEqual([
      { userPoolId: POOL, clientId: "a", clientName: "a" },
    ]);
    const planJson = outputs["plan-json"] ?? "";
    expect(existsSync(planJson)).toBe(true);
    const saved = JSON.parse(readFileSync(planJson, "utf8")) as {
      clients: { clientId: string; applied?: boolean }[];
    };
    expect(saved.clients).toMatchObject([{ clientId: "a", applied: true }]);
  });
});
