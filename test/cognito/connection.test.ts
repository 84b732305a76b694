/** AWS settings from flags and the environment, shared by the CLI and the Action. */
import { describe, expect, it } from "vitest";
import { awsSettings, parseRates } from "../../src/cognito/connection.js";
import { UsageError } from "../../src/errors.js";

describe("awsSettings", () => {
  const env = {
    AWS_DEFAULT_REGION: "eu-west-1",
    AWS_PROFILE: "ops",
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://127.0.0.1:1234",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    COGNITO_GITOPS_RATES: "10,10,4",
  };

  it("reads the usual AWS variables, the Cognito endpoint before the general one", () => {
    expect(awsSettings({}, env)).toEqual({
      region: "eu-west-1",
      profile: "ops",
      endpoint: "http://127.0.0.1:1234",
      rates: { accountRead: 10, accountWrite: 10, poolOperation: 4 },
    });
    expect(awsSettings({}, { AWS_REGION: "us-east-2", AWS_DEFAULT_REGION: "eu-west-1" }).region).toBe(
      "us-east-2",
    );
  });

  it("lets flags win over the environment", () => {
    const flags = { region: "ap-south-1", profile: "p", endpoint: "http://e", rates: "1,2,3" };
    expect(awsSettings(flags, env)).toEqual({
      region: "ap-south-1",
      profile: "p",
      endpoint: "http://e",
      rates: { accountRead: 1, accountWrite: 2, poolOperation: 3 },
    });
  });

  it("carries the proxy variables, which the AWS SDK itself ignores", () => {
    expect(awsSettings({}, { https_proxy: "http://proxy:3128", NO_PROXY: ".internal" }).proxy).toEqual({
      httpsProxy: "http://proxy:3128",
      noProxy: ".internal",
    });
    expect(awsSettings({}, { NO_PROXY: "x" }).proxy).toBeUndefined();
  });

  it("leaves out what nothing sets", () => {
    expect(awsSettings({}, {})).toEqual({});
  });
});

describe("parseRates", () => {
  it.each(["1,2", "a,b,c", "0,1,1", "1,1,-1", "1,1,1,1", ""])("refuses %j as a usage error", (text) => {
    expect(() => parseRates(text)).toThrow(UsageError);
  });

  it("reads fractions and spaces", () => {
    expect(parseRates(" 7.5, 15 ,2 ")).toEqual({ accountRead: 7.5, accountWrite: 15, poolOperation: 2 });
  });
});
