/** What a spec may hold beyond the schema's shapes (issue 14): printable text, plain integers, ignore vs set. */
import { describe, expect, it } from "vitest";
import { FIELDS } from "../../src/model/fields.js";
import { type LoadResult, loadSpecFile } from "../../src/specfile/load.js";

const FILE = "spec.yaml";
const HEAD = "userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: web\n";

function load(text: string): LoadResult {
  return loadSpecFile(FILE, new TextEncoder().encode(text));
}

function rules(result: LoadResult): string[] {
  return result.diagnostics.map((d) => `${d.rule} ${d.path} at ${d.line}:${d.column}`);
}

describe("control and invisible characters in spec values", () => {
  it("refuses a newline that would forge a workflow command, with the character named", () => {
    const r = load(
      `${HEAD}    allowedOAuthFlowsUserPoolClient: true\n    callbackURLs: ["https://a.example.com/cb\\n::error title=Approved::LGTM"]\n`,
    );
    expect(rules(r)).toEqual(["hidden-character clients[0].callbackURLs[0] at 5:20"]);
    expect(r.diagnostics[0]?.message).toBe(
      'callbackURLs[0] "https://a.example.com/cb\\u{a}::error title=Approved::LGTM" has a newline (\\u{a}) at character 25; AWS refuses control and invisible characters',
    );
  });

  // Every string the field table holds, at the top level, in a set and in an object.
  const STRINGS: [string, string][] = [
    ["clientName", 'clientName: "web\\e[2K"'],
    ["defaultRedirectURI", 'defaultRedirectURI: "https://a.example.com/\\0"'],
    ["callbackURLs", 'callbackURLs: ["myapp://cb\\u2066"]'],
    ["logoutURLs", 'logoutURLs: ["https://a.example.com/\\a"]'],
    ["readAttributes", 'readAttributes: ["email\\u200b"]'],
    ["writeAttributes", 'writeAttributes: ["name\\u202e"]'],
    ["supportedIdentityProviders", 'supportedIdentityProviders: ["COGNITO\\r"]'],
    ["allowedOAuthScopes", 'allowedOAuthScopes: ["openid\\u2028"]'],
    [
      "externalId",
      'analyticsConfiguration: { applicationId: "abc", roleArn: "arn:aws:iam::1:role/r", externalId: "x\\u0085" }',
    ],
    [
      "applicationArn",
      'analyticsConfiguration: { applicationArn: "arn:aws:mobiletargeting:us-east-1:1:apps/\\u0007" }',
    ],
    [
      "applicationId",
      'analyticsConfiguration: { applicationId: "ab\\u200dc", roleArn: "arn:aws:iam::1:role/r", externalId: "x" }',
    ],
    [
      "roleArn",
      'analyticsConfiguration: { applicationId: "abc", roleArn: "arn:aws:iam::1:role/\\t", externalId: "x" }',
    ],
  ];
  it.each(STRINGS)("refuses one in %s, once", (field, line) => {
    const r = load(`userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientId: abc\n    ${line}\n`);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(["hidden-character"]);
    expect(r.diagnostics[0]?.path).toContain(field);
  });

  it("covers every string kind of the field table", () => {
    const tested = new Set(STRINGS.map(([f]) => f));
    for (const f of FIELDS) {
      const kind = f.kind as {
        type: string;
        item?: { type: string };
        members?: { key: string; kind: { type: string } }[];
      };
      if (["string", "url"].includes(kind.type) || ["string", "url"].includes(kind.item?.type ?? "")) {
        expect(tested, f.key).toContain(f.key);
      }
      for (const m of kind.members ?? [])
        if (m.kind.type === "string") expect(tested, m.key).toContain(m.key);
    }
  });

  it("still takes ordinary Unicode text", () => {
    const r = load(`${HEAD}    readAttributes: ["custom:café", "custom:名前"]\n`);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("merge keys", () => {
  const text = `userPoolId: us-east-1_EXAMPLE1
clients:
  - &base
    clientName: web
    allowedOAuthFlowsUserPoolClient: true
    allowedOAuthFlows: [code]
    allowedOAuthScopes: [openid]
    callbackURLs: [https://app.example.com/cb]
  - <<: *base
    clientName: admin
    callbackURLs: [https://admin.example.com/cb]
`;

  it("merge the anchored client's settings; keys written beside them win", () => {
    const r = load(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.clients[1]?.spec).toEqual({
      clientName: "admin",
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ["code"],
      allowedOAuthScopes: ["openid"],
      callbackURLs: ["https://admin.example.com/cb"],
    });
  });

  it("point an error in a merged value at its source", () => {
    const r = load(
      text.replace("allowedOAuthFlows: [code]", "allowedOAuthFlows: [code, client_credentials]"),
    );
    expect(rules(r)).toEqual([
      "client-credentials-alone clients[0].allowedOAuthFlows at 6:24",
      "client-credentials-resource-scopes clients[0].allowedOAuthScopes[0] at 7:26",
      "client-credentials-alone clients[1].allowedOAuthFlows at 6:24",
      "client-credentials-resource-scopes clients[1].allowedOAuthScopes[0] at 7:26",
    ]);
  });

  it("say plainly that a quoted << is not a merge key", () => {
    const r = load(text.replace("<<: *base", '"<<": *base'));
    expect(r.diagnostics.map((d) => d.message)).toContain(
      'a quoted "<<" is a plain key, not a merge key: write <<: *anchor without quotes',
    );
  });
});

describe("integers", () => {
  it.each([
    ["0x5", 5],
    ["0o17", 15],
    ["5e0", 5],
    ["5.0", 5],
    ["+5", 5],
  ])("written %s are refused, once, with the plain decimal to write", (raw, value) => {
    const r = load(`${HEAD}    authSessionValidity: ${raw}\n`);
    expect(r.diagnostics.map((d) => [d.rule, d.message])).toEqual([
      ["integer-format", `authSessionValidity is written ${raw}; write integers in plain decimal (${value})`],
    ]);
  });

  it("written in plain decimal, or quoted where a string is wanted, are fine", () => {
    const r = load(
      `${HEAD}    authSessionValidity: 5\n    accessTokenValidity: 1\n    readAttributes: ["0x5"]\n`,
    );
    expect(r.diagnostics).toEqual([]);
  });

  it("say nothing more when the schema already refuses the value", () => {
    const r = load(`${HEAD}    enableTokenRevocation: 0x1\n`);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(["type"]);
  });
});

describe("ignore", () => {
  it("refuses a field both set and ignored, at its ignore entry", () => {
    const r = load(
      `${HEAD}    callbackURLs: [https://a.example.com/cb]\n    allowedOAuthFlowsUserPoolClient: true\n    ignore: [logoutURLs, callbackURLs]\n`,
    );
    expect(rules(r)).toEqual(["ignored-and-set clients[0].ignore[1] at 6:26"]);
    expect(r.diagnostics[0]?.message).toContain("callbackURLs is both set and ignored");
  });
});

describe("look-alike characters", () => {
  it("are escaped in a did-you-mean, so the difference shows", () => {
    const key = load(`${HEAD}    c\u0430llbackURLs: [https://a.example.com/cb]\n`).diagnostics[0];
    expect(key?.message).toBe('unknown key "c\\u{430}llbackURLs"; did you mean "callbackURLs"?');
    const value = load(`${HEAD}    allowedOAuthFlows: [\u0441ode]\n`).diagnostics[0];
    expect(value?.message).toMatch(
      /^"\\u\{441\}ode" is not allowed for allowedOAuthFlows\[0\]; did you mean "code"\?/,
    );
  });

  it("are left alone where nothing is suggested", () => {
    const d = load(`${HEAD}    名前: x\n`).diagnostics[0];
    expect(d?.message).toBe('unknown key "名前"');
  });
});

describe("one value, one diagnostic", () => {
  it("says the most telling thing about a value that breaks several schema rules", () => {
    const r = load(`${HEAD}    analyticsConfiguration: { applicationArn: x }\n`);
    expect(r.diagnostics.map((d) => [d.rule, d.message])).toEqual([
      ["pattern", 'applicationArn "x" is not an ARN (arn:aws:mobiletargeting:REGION:ACCOUNT:apps/ID)'],
    ]);
  });
});
