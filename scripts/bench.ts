/**
 * `npm run bench`: speed, measured.
 * 1. plan and apply against the strict emulator at Cognito's real quotas, in three layouts,
 *    compared with the floor of the task (scripts/bench-quota.ts);
 * 2. the pure core: validate + diff of 10,000 in-memory clients;
 * 3. `validate` of 10,000 clients from YAML files, end to end, as a subprocess;
 * 4. the CLI's cold start against a bare `node -e 0`, measured in the same run;
 * 5. `loadSpecFile` of one 1 MiB file of 26,870 broken clients (it must stay linear in errors).
 * Exits 1 when a target of issue 13 is missed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dump } from "js-yaml";
import { toApi } from "../src/model/convert.js";
import type { LiveClient } from "../src/model/live.js";
import { checkSpecRules } from "../src/model/rules.js";
import type { ClientSpec } from "../src/model/types.js";
import { planClient } from "../src/plan/planner.js";
import { type DeclaredClient, loadSpecFile } from "../src/specfile/load.js";
import { checkSchema } from "../src/specfile/schema-check.js";
import { benchLayout, LAYOUTS, median, missed, QUOTA_HEADER } from "./bench-quota.js";

/** The repository, set by the build (the bundle runs from node_modules/.cache, not from here). */
declare const COGNITO_GITOPS_ROOT: string;
const root = COGNITO_GITOPS_ROOT;
const cli = join(root, "lib", "cli.cjs");
const misses: string[] = [];

function clientSpec(i: number): ClientSpec & { clientName: string } {
  return {
    clientName: `app-${i}`,
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthFlows: ["code"],
    allowedOAuthScopes: ["openid", "email", "profile"],
    callbackURLs: [`https://app-${i}.example.com/callback`, `http://localhost:${3000 + (i % 1000)}/callback`],
    logoutURLs: [`https://app-${i}.example.com/bye`],
    defaultRedirectURI: `https://app-${i}.example.com/callback`,
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    supportedIdentityProviders: ["COGNITO"],
    accessTokenValidity: 60,
    idTokenValidity: 60,
    refreshTokenValidity: 30,
    tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    preventUserExistenceErrors: "ENABLED",
    enableTokenRevocation: true,
    readAttributes: ["email", "email_verified", "name"],
    writeAttributes: ["name"],
  };
}

const WIDTHS = [34, 8, 8, 8, 8, 14, 14, 11, 8];

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd(WIDTHS[i] ?? 10)).join("");
}

async function benchQuotas(): Promise<void> {
  console.log(`\n1. plan and apply, the CLI as a subprocess; ${QUOTA_HEADER}\n`);
  console.log(
    row(["layout", "command", "wall s", "T* s", "ratio", "Describe", "Update", "throttled", "wrong"]),
  );
  for (const layout of LAYOUTS) {
    const r = await benchLayout(cli, layout);
    for (const [command, m] of [
      ["plan", r.plan],
      ["apply", r.apply],
    ] as const) {
      const runs = m.runs;
      const each = (f: (x: (typeof runs)[number]) => number | undefined) =>
        runs.map((x) => f(x) ?? "-").join("/");
      console.log(
        row([
          command === "plan" ? layout.name : "",
          command,
          m.seconds.toFixed(2),
          m.floor.toFixed(2),
          m.ratio.toFixed(3),
          each((x) => x.describes),
          each((x) => x.updates),
          each((x) => x.throttled),
          command === "apply" ? each((x) => x.wrong) : "",
        ]),
      );
    }
    misses.push(...missed(r).map((m) => `${layout.name}: ${m}`));
  }
}

function benchCore(): void {
  const N = 10_000;
  const specs: DeclaredClient[] = [];
  const lives: LiveClient[] = [];
  for (let i = 0; i < N; i++) {
    const spec = clientSpec(i);
    specs.push({
      userPoolId: "us-east-1_BENCH",
      region: "us-east-1",
      spec,
      source: { file: "x.yaml", line: i, column: 1, index: i },
    });
    const config = toApi(spec) as Record<string, unknown>;
    if (i % 10 === 0) config.CallbackURLs = ["https://drifted.example.com/cb"];
    lives.push({
      userPoolId: "us-east-1_BENCH",
      clientId: `id${i}`,
      clientName: spec.clientName,
      config,
      hasSecret: false,
      unknownMembers: [],
    });
  }
  const document = { userPoolId: "us-east-1_BENCH", clients: specs.map((s) => s.spec) };
  checkSchema({ userPoolId: "us-east-1_WARM", clients: [clientSpec(0)] }); // compile the schema outside the timing
  const start = performance.now();
  const problems = checkSchema(document).length;
  let rules = 0;
  let updates = 0;
  for (let i = 0; i < N; i++) {
    rules += checkSpecRules(specs[i]?.spec ?? {}).length;
    const live = lives[i];
    const spec = specs[i];
    if (live && spec && planClient(spec, live, "us-east-1").action === "update") updates++;
  }
  const ms = performance.now() - start;
  console.log(`\n2. the pure core: validate + diff of ${N} in-memory clients`);
  console.log(
    `   ${ms.toFixed(0)} ms in all, ${(ms / N).toFixed(4)} ms per client (${problems + rules} errors, ${updates} updates found)`,
  );
}

function benchValidateFiles(): void {
  const N = 10_000;
  const PER_FILE = 500;
  const dir = mkdtempSync(join(tmpdir(), "cognito-gitops-bench-yaml-"));
  try {
    mkdirSync(join(dir, "specs"));
    for (let f = 0; f < N / PER_FILE; f++) {
      const clients = Array.from({ length: PER_FILE }, (_, i) => clientSpec(f * PER_FILE + i));
      writeFileSync(
        join(dir, "specs", `pool-${f}.yaml`),
        dump({ userPoolId: `us-east-1_POOL${f}`, clients }, { lineWidth: 200 }),
      );
    }
    const times: number[] = [];
    let out = "";
    for (let k = 0; k < 3; k++) {
      const start = performance.now();
      const r = spawnSync(process.execPath, [cli, "validate", join(dir, "specs")], { encoding: "utf8" });
      times.push(performance.now() - start);
      out = r.stdout.trim() || r.stderr.trim();
    }
    const ms = Math.min(...times);
    console.log(`\n3. validate of ${N} clients in ${N / PER_FILE} YAML files, end to end (best of 3)`);
    console.log(
      `   ${ms.toFixed(0)} ms in all, ${(ms / N).toFixed(4)} ms per client: ${out.split("\n").at(-1)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time of each command, runs interleaved so that load on the machine hits all alike. */
function coldStart(cases: Record<string, string[]>, runs: number): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let k = 0; k < runs; k++) {
    for (const [name, args] of Object.entries(cases)) {
      const start = performance.now();
      spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      times[name]?.push(performance.now() - start);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, median(t)]));
}

function benchColdStart(): void {
  const runs = 21;
  const m = coldStart(
    {
      "node -e 0": ["-e", "0"],
      "--version": [cli, "--version"],
      "--help": [cli, "--help"],
      "validate examples": [cli, "validate", "examples"],
    },
    runs,
  );
  const base = m["node -e 0"] ?? 1;
  console.log(
    `\n4. cold start, median of ${runs} interleaved runs, against a bare 'node -e 0' (${base.toFixed(0)} ms)`,
  );
  for (const [name, target] of [
    ["--version", 1.2],
    ["--help", 1.2],
    ["validate examples", 1.5],
  ] as const) {
    const ratio = (m[name] ?? 0) / base;
    console.log(
      `   ${name.padEnd(18)} ${(m[name] ?? 0).toFixed(0).padStart(5)} ms  ${ratio.toFixed(3)} x  (target ${target} x)`,
    );
    if (ratio > target) misses.push(`cold start of ${name}: ${ratio.toFixed(3)} x > ${target}`);
  }
}

function benchBrokenClients(): void {
  const N = 26_870;
  const lines = ["userPoolId: us-east-1_BENCH", "clients:"];
  for (let i = 0; i < N; i++) lines.push(`  - clientName: c${i}`, "    bogus: 1");
  const bytes = new TextEncoder().encode(`${lines.join("\n")}\n`);
  const start = process.cpuUsage();
  const errors = loadSpecFile("broken.yaml", bytes).diagnostics.length;
  const cpu = process.cpuUsage(start);
  console.log(`\n5. loadSpecFile of ${(bytes.length / 1024).toFixed(0)} KiB holding ${N} broken clients`);
  console.log(`   ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of CPU, ${errors} errors`);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  console.log(`cognito-gitops benchmark, Node ${process.version}`);
  const only = process.argv[2];
  if (!only || only === "quotas") await benchQuotas();
  if (!only || only === "core") benchCore();
  if (!only || only === "validate") benchValidateFiles();
  if (!only || only === "cold") benchColdStart();
  if (!only || only === "broken") benchBrokenClients();
  if (misses.length > 0) {
    console.log(`\nMissed targets:\n${misses.map((m) => `  - ${m}`).join("\n")}`);
    process.exitCode = 1;
  } else console.log("\nEvery target met.");
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
