/**
 * Hostile spec files, built in code: each must give one clear diagnostic with the right rule and
 * LINE:COLUMN (or load cleanly when it is valid), and never throw or hang.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDuplicates } from "../../src/specfile/duplicates.js";
import { type LoadResult, loadSpecFile, type SpecFile } from "../../src/specfile/load.js";
import { MAX_FILE_BYTES } from "../../src/specfile/yaml.js";

const FILE = "hostile.yaml";
const HEAD = "userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: web\n";

function load(input: string | Uint8Array, file = FILE): LoadResult {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  return loadSpecFile(file, bytes);
}

function bytesOf(...parts: (string | number[])[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
}

/** Exactly one diagnostic, of this rule, at this place. */
function expectOne(result: LoadResult, rule: string, line: number, column: number, path?: string): void {
  expect(result.spec).toBeUndefined();
  expect(result.diagnostics.map((d) => `${d.rule} at ${d.line}:${d.column}`)).toEqual([
    `${rule} at ${line}:${column}`,
  ]);
  const d = result.diagnostics[0];
  expect(d?.file).toBe(FILE);
  expect(d?.message.length).toBeGreaterThan(10);
  if (path !== undefined) expect(d?.path).toBe(path);
}

function expectValid(result: LoadResult): void {
  expect(result.diagnostics).toEqual([]);
  expect(result.spec).toBeDefined();
}

describe("hostile input: size and encoding", () => {
  it("refuses a file over 1 MiB with one file-size error", () => {
    const text = `${HEAD}# ${"x".repeat(MAX_FILE_BYTES)}\n`;
    expectOne(load(text), "file-size", 1, 1);
  });

  it("accepts a valid file of exactly 1 MiB", () => {
    const pad = MAX_FILE_BYTES - HEAD.length - 3;
    const text = `${HEAD}# ${"x".repeat(pad)}\n`;
    expect(Buffer.byteLength(text)).toBe(MAX_FILE_BYTES);
    expectValid(load(text));
  });

  it("points at a 0xFF byte on line 3", () => {
    // "  - clientName: caf" is 19 bytes, so the bad byte is column 20.
    const bytes = bytesOf("userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: caf", [0xff], "\n");
    expectOne(load(bytes), "encoding", 3, 20);
  });

  it("points at a Latin-1 byte (0xE9, é) in the middle of line 3", () => {
    const bytes = bytesOf("userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: caf", [0xe9], "-app\n");
    expectOne(load(bytes), "encoding", 3, 20);
  });

  it("points at a truncated multi-byte sequence at the end of the file", () => {
    const bytes = bytesOf("userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: caf", [0xc3]);
    expectOne(load(bytes), "encoding", 3, 20);
  });

  it("points at an overlong encoding on line 3", () => {
    const bytes = bytesOf("userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: a", [0xc0, 0xaf], "\n");
    expectOne(load(bytes), "encoding", 3, 18);
  });

  it("points at a UTF-16 surrogate encoded as UTF-8 (CESU-8) on line 3", () => {
    // An emoji written by a CESU-8 encoder: two 3-byte surrogate halves, invalid in UTF-8.
    const bytes = bytesOf(
      "userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: a",
      [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80],
      "\n",
    );
    expectOne(load(bytes), "encoding", 3, 18);
  });

  it("loads a valid file that starts with a UTF-8 byte order mark", () => {
    expectValid(load(`\uFEFF${HEAD}`));
  });

  it("keeps line-1 columns right after a byte order mark", () => {
    expectOne(load(`\uFEFFuserPoolId: bad\nclients:\n  - clientName: web\n`), "pattern", 1, 13, "userPoolId");
  });

  it("reports a NUL byte as a YAML error at its place", () => {
    expectOne(load("userPoolId: us-east-1_EXAMPLE1\nclients:\0\n"), "yaml", 2, 9);
  });

  it("reports an empty (0-byte) file", () => {
    expectOne(load(new Uint8Array(0)), "empty", 1, 1);
  });

  it("reports a whitespace-only file as empty", () => {
    expectOne(load("   \n\n  \t\n"), "empty", 1, 1);
  });
});

describe("hostile input: structure", () => {
  it("stops a billion-laughs alias bomb at the alias that crosses the limit", () => {
    let text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    const names = "abcdefghi";
    for (let i = 1; i < names.length; i++) {
      const alias = `*${names[i - 1]}`;
      text += `${names[i]}: &${names[i]} [${Array(9).fill(alias).join(", ")}]\n`;
    }
    // The aliases of b, c and d expand to 81 + 729 + 6561 = 7371 nodes; the first *d (line 5) crosses 10,000.
    const result = load(text);
    expectOne(result, "alias-expansion", 5, 8);
  });

  it("loads a spec that reuses callbackURLs as logoutURLs through an anchor and alias", () => {
    const text = `${HEAD}    allowedOAuthFlowsUserPoolClient: true
    allowedOAuthFlows: [code]
    callbackURLs: &urls
      - https://app.example.com/callback
      - http://localhost:3000/callback
    logoutURLs: *urls
    defaultRedirectURI: https://app.example.com/callback
`;
    const result = load(text);
    expectValid(result);
    const client = result.spec?.clients[0]?.spec;
    expect(client?.logoutURLs).toEqual([
      "https://app.example.com/callback",
      "http://localhost:3000/callback",
    ]);
  });

  it("refuses flow lists nested 200 deep with one depth error at the 65th level", () => {
    const text = `${"[".repeat(200)}${"]".repeat(200)}\n`;
    expectOne(load(text), "depth", 1, 65);
  });

  it("refuses block mappings nested 200 deep with one depth error at the 65th level", () => {
    let text = "";
    for (let i = 0; i < 200; i++) text += `${"  ".repeat(i)}k:\n`;
    text += `${"  ".repeat(200)}x\n`;
    // Mapping n starts on line n at column 2n - 1.
    expectOne(load(text), "depth", 65, 129);
  });

  it("does not overflow the stack on 100,000 nested lists", () => {
    const result = load(`${"[".repeat(100_000)}${"]".repeat(100_000)}\n`);
    expect(result.spec).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
  });

  it("reports a spec that is a number", () => {
    const result = load("42\n");
    expectOne(result, "type", 1, 1, "");
    expect(result.diagnostics[0]?.message).toMatch(/mapping/);
  });

  it("reports a null document (~)", () => {
    const result = load("~\n");
    expectOne(result, "type", 1, 1, "");
    expect(result.diagnostics[0]?.message).toMatch(/null/);
  });

  it("reports a document that is only a --- marker at a real column", () => {
    expectOne(load("---\n"), "type", 1, 1, "");
  });

  it("reports a 10,000-entry callbackURLs list once, as list-size", () => {
    const urls = Array.from(
      { length: 10_000 },
      (_, i) => `      - https://tenant-${i}.example.com/callback\n`,
    );
    const text = `${HEAD}    allowedOAuthFlowsUserPoolClient: true\n    callbackURLs:\n${urls.join("")}`;
    const result = load(text);
    expectOne(result, "list-size", 6, 7, "clients[0].callbackURLs");
    expect(result.diagnostics[0]?.message).toContain("100");
  });

  it("rejects YAML tags such as !!binary and !!js/function without running them", () => {
    expectOne(load(`${HEAD}    clientId: !!js/function 'function () { return 1 }'\n`), "yaml", 4, 15);
    expectOne(load(`${HEAD}    clientId: !!binary aGVsbG8=\n`), "yaml", 4, 15);
  });

  it("points a complex (list) key at the key, not at the top of the file", () => {
    expectOne(
      load(`${HEAD}    ? [callbackURLs, logoutURLs]\n    : [https://app.example.com/callback]\n`),
      "yaml",
      4,
      5,
    );
  });
});

describe("hostile input: weird key names", () => {
  it.each([
    [
      "a zero-width space inside a key",
      `${HEAD}    callback\u200bURLs: [https://app.example.com/cb]\n`,
      4,
      5,
    ],
    [
      "a CJK key at the top",
      "userPoolId: us-east-1_EXAMPLE1\nクライアント: web\nclients:\n  - clientName: web\n",
      2,
      1,
    ],
    [
      "an emoji key at the top",
      "userPoolId: us-east-1_EXAMPLE1\n🔑: web\nclients:\n  - clientName: web\n",
      2,
      1,
    ],
    ["a right-to-left key", `${HEAD}    \u05e9\u05dd: web\n`, 4, 5],
    ["a key holding / and ~ (JSON Pointer escapes)", `${HEAD}    a/b~1c: 1\n`, 4, 5],
    ["a dotted path written as a key", `${HEAD}    tokenValidityUnits.accessToken: minutes\n`, 4, 5],
    ["a __proto__ key", `${HEAD}    __proto__: { polluted: true }\n`, 4, 5],
  ])("%s is an unknown key at its place", (_name, text, line, column) => {
    expectOne(load(text), "unknown-key", line, column);
  });

  it("names the key with / and ~ exactly in the path", () => {
    expect(load(`${HEAD}    a/b~1c: 1\n`).diagnostics[0]?.path).toBe("clients[0].a/b~1c");
  });

  it("does not pollute Object.prototype through __proto__", () => {
    load(`${HEAD}    __proto__: { polluted: true }\n`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("suggests the real key for a zero-width space and makes the invisible character visible", () => {
    const d = load(`${HEAD}    callback\u200bURLs: [https://app.example.com/cb]\n`).diagnostics[0];
    expect(d?.message).toContain('"callbackURLs"');
    // Printed raw, "callback\u200bURLs" looks exactly like the suggestion; the user cannot see what to fix.
    expect(d?.message).not.toContain("\u200b");
  });
});

describe("hostile input: line endings", () => {
  it("keeps positions right with CRLF line endings", () => {
    const text = `${HEAD}    allowedOAuthFlowsUserPoolClient: true\n    callbackURLs:\n      - http://app.example.com/cb\n`;
    expectOne(load(text.replaceAll("\n", "\r\n")), "url", 6, 9, "clients[0].callbackURLs[0]");
  });

  it("keeps YAML syntax error positions right with CRLF line endings", () => {
    const text = `${HEAD}    callbackURLs:\n      - https://app.example.com/cb\n     logoutURLs: []\n`;
    expectOne(load(text.replaceAll("\n", "\r\n")), "yaml", 6, 6);
  });

  it("loads a valid CRLF file", () => {
    expectValid(load(HEAD.replaceAll("\n", "\r\n")));
  });

  it("keeps positions right with lone CR (classic Mac) line endings", () => {
    const text = `${HEAD}    allowedOAuthFlowsUserPoolClient: true\n    callbackURLs: [http://app.example.com/cb]\n`;
    expectOne(load(text.replaceAll("\n", "\r")), "url", 5, 20, "clients[0].callbackURLs[0]");
  });
});

describe("hostile input: long comment headers (must not hang)", () => {
  let dir = "";
  let bundle = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cognito-gitops-hostile-"));
    bundle = join(dir, "load.mjs");
    await build({
      entryPoints: [join(import.meta.dirname, "../../src/specfile/load.ts")],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs loadSpecFile in a worker thread and gives up after `ms`. A catastrophic regex
   * backtrack is synchronous: in-process it would block the whole test run, not fail one test.
   */
  function loadInWorker(text: string, ms: number): Promise<LoadResult | "did not return"> {
    const code = [
      'import { parentPort, workerData } from "node:worker_threads";',
      "const { loadSpecFile } = await import(workerData.module);",
      "parentPort.postMessage(loadSpecFile(workerData.file, new TextEncoder().encode(workerData.text)));",
    ].join("\n");
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
      workerData: { module: pathToFileURL(bundle).href, file: FILE, text },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve("did not return");
      }, ms);
      worker.once("message", (m: LoadResult) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(m);
      });
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  it("loads a valid spec under a 40-line comment header", async () => {
    const header = Array.from(
      { length: 40 },
      (_, i) => `# line ${i + 1} of the licence and ownership notes\n`,
    );
    const result = await loadInWorker(`${header.join("")}${HEAD}`, 5_000);
    expect(result).not.toBe("did not return");
    expect(result).toMatchObject({ diagnostics: [] });
  });

  it("points at an error under a 40-line comment header", async () => {
    const header = Array.from({ length: 40 }, () => "#\n").join("");
    const result = await loadInWorker(
      `${header}userPoolId: production-users\nclients:\n  - clientName: web\n`,
      5_000,
    );
    expect(result).not.toBe("did not return");
    const diagnostics = typeof result === "string" ? [] : result.diagnostics;
    expect(diagnostics.map((d) => `${d.rule} at ${d.line}:${d.column}`)).toEqual(["pattern at 41:13"]);
  });

  it("reports a 2,000-line comments-only file as empty", async () => {
    const text = Array.from({ length: 2000 }, () => "# commented out\n").join("");
    const result = await loadInWorker(text, 5_000);
    expect(result).not.toBe("did not return");
    const diagnostics = typeof result === "string" ? [] : result.diagnostics;
    expect(diagnostics.map((d) => `${d.rule} at ${d.line}:${d.column}`)).toEqual(["empty at 1:1"]);
  });
});

describe("findDuplicates", () => {
  function spec(file: string, text: string): SpecFile {
    const result = load(text, file);
    expect(result.diagnostics).toEqual([]);
    if (!result.spec) throw new Error(`${file} did not load`);
    return result.spec;
  }

  it("reports the same clientId in two files, naming both files", () => {
    const a = spec(
      "specs/web.yaml",
      "userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientId: 1example23456789\n",
    );
    const b = spec(
      "specs/web-copy.yaml",
      "userPoolId: us-east-1_EXAMPLE1\nclients:\n  - clientName: web\n  - clientId: 1example23456789\n",
    );
    const found = findDuplicates([a, b]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      file: "specs/web-copy.yaml",
      line: 4,
      column: 5,
      path: "clients[1]",
      rule: "duplicate-client",
    });
    expect(found[0]?.message).toContain("specs/web.yaml:3:5");
    expect(found[0]?.message).toContain("1example23456789");
  });

  it("reports the same clientName without IDs in two files", () => {
    const a = spec("specs/a.yaml", `${HEAD}`);
    const b = spec("specs/b.yaml", `${HEAD}`);
    const found = findDuplicates([a, b]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "specs/b.yaml", line: 3, column: 5, rule: "duplicate-client" });
    expect(found[0]?.message).toContain("specs/a.yaml:3:5");
    expect(found[0]?.message).toContain('"web"');
  });

  it("reports the same clientName twice in one file", () => {
    const a = spec("specs/a.yaml", `${HEAD}  - clientName: web\n`);
    const found = findDuplicates([a]);
    expect(found.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column}`)).toEqual([
      "duplicate-client specs/a.yaml:4:5",
    ]);
  });

  it("accepts the same clientName with two different clientIds", () => {
    const a = spec("specs/a.yaml", `${HEAD}    clientId: 1example23456789\n`);
    const b = spec("specs/b.yaml", `${HEAD}    clientId: 2example98765432\n`);
    expect(findDuplicates([a, b])).toEqual([]);
  });

  it("accepts the same clientName and the same clientId in different pools", () => {
    const a = spec("specs/a.yaml", `${HEAD}    clientId: 1example23456789\n`);
    const b = spec("specs/b.yaml", `${HEAD.replace("EXAMPLE1", "EXAMPLE2")}    clientId: 1example23456789\n`);
    const c = spec("specs/c.yaml", HEAD.replace("EXAMPLE1", "EXAMPLE3"));
    expect(findDuplicates([a, b, c])).toEqual([]);
  });
});
