/** Action inputs and runner variables into typed objects. */
import { describe, expect, it } from "vitest";
import { actionContext, parseInputs } from "../../src/action/inputs.js";

const from = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";

describe("parseInputs", () => {
  it("gives action.yml's defaults for empty inputs", () => {
    expect(parseInputs(from({}))).toEqual({
      command: "plan",
      paths: ["cognito"],
      region: undefined,
      maxChanges: undefined,
      changedSince: undefined,
      failOnDrift: true,
      failOnRisk: undefined,
      comment: true,
      poolChecks: true,
      githubToken: "",
      requireReviewedPlan: true,
      planFile: undefined,
      driftIssue: false,
    });
    expect(parseInputs(from({ "fail-on-risk": "none" })).failOnRisk).toBeUndefined();
  });

  it("reads fail-on-risk as a severity", () => {
    expect(parseInputs(from({ "fail-on-risk": "medium" })).failOnRisk).toBe("medium");
  });

  it("splits paths on spaces and newlines", () => {
    expect(parseInputs(from({ paths: "cognito/prod\n  cognito/stage other\n\n" })).paths).toEqual([
      "cognito/prod",
      "cognito/stage",
      "other",
    ]);
  });

  it("writes each path one way, so that plan and apply find the same comment whatever the spelling", () => {
    expect(parseInputs(from({ paths: "./cognito/ cognito/prod//../stage cognito ." })).paths).toEqual([
      "cognito",
      "cognito/stage",
      ".",
    ]);
    expect(parseInputs(from({ paths: "cognito/" })).paths).toEqual(parseInputs(from({})).paths);
  });

  it("reads YAML booleans, a whole max-changes and the region", () => {
    const i = parseInputs(
      from({
        command: "drift",
        "fail-on-drift": "False",
        comment: "TRUE",
        "pool-checks": "false",
        "max-changes": "0",
        region: "eu-west-1",
        "changed-since": "origin/main",
      }),
    );
    expect(i).toMatchObject({
      command: "drift",
      failOnDrift: false,
      comment: true,
      poolChecks: false,
      maxChanges: 0,
      region: "eu-west-1",
      changedSince: "origin/main",
    });
  });

  it.each([
    [{ command: "destroy" }, 'input command: must be one of plan, apply, drift; got "destroy"'],
    [{ "max-changes": "-1" }, 'input max-changes: must be a whole number; got "-1"'],
    [{ "max-changes": "2.5" }, 'input max-changes: must be a whole number; got "2.5"'],
    [{ comment: "yes" }, 'input comment: must be true or false; got "yes"'],
    [{ "fail-on-risk": "High" }, 'input fail-on-risk: must be one of none, high, medium, low; got "High"'],
  ])("refuses %j", (inputs, message) => {
    expect(() => parseInputs(from(inputs))).toThrow(message);
  });
});

describe("actionContext", () => {
  it("reads the runner's variables, with github.com defaults", () => {
    const ctx = actionContext(
      {
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_REPOSITORY: "acme/identity",
        GITHUB_RUN_ID: "7",
        GITHUB_API_URL: "https://ghe.example.com/api/v3/",
        RUNNER_TEMP: "/runner/tmp",
        AWS_DEFAULT_REGION: "eu-west-1",
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://127.0.0.1:1234",
      },
      "/work",
    );
    expect(ctx).toMatchObject({
      cwd: "/work",
      eventName: "pull_request",
      apiUrl: "https://ghe.example.com/api/v3",
      runUrl: "https://github.com/acme/identity/actions/runs/7",
      runnerTemp: "/runner/tmp",
    });
    expect(actionContext({}, "/w")).toMatchObject({ apiUrl: "https://api.github.com", runUrl: undefined });
  });
});
