/**
 * `npm run bench`: speed at scale, measured.
 * 1. plan and apply of 1,000 clients in 4 pools against the strict emulator, its quotas scaled
 *    up 10x (150 reads/s and 150 writes/s per account, 50/s per pool and operation) with 20 ms
 *    of latency per call, compared with the floor T* those quotas allow;
 * 2. the pure core: validate + diff of 10,000 in-memory clients;
 * 3. `validate` of 10,000 clients from YAML files, end to end, as a subprocess;
 * 4. the CLI's cold start for `validate examples` (median of 9 runs);
 * 5. `loadSpecFile` of one 1 MiB file of 26,870 broken clients (it must stay linear in errors).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dump } from "js-yaml";
import { toApi } from "../src/model/convert.js";
import type { LiveClient } from "../src/model/live.js";
import { checkSpecRules } from "../src/model/rules.js";
import type { ClientSpec } from "../src/model/types.js";
import { planClient } from "../src/plan/planner.js";
import { type DeclaredClient, loadSpecFile } from "../src/specfile/load.js";
import { checkSchema } from "../src/specfile/schema-check.js";
import { runNode } from "../test/support/process.js";
import { startStrictEmulator } from "../test/support/strict-emulator.js";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const cli = join(root, "lib", "cli.js");
const SCALE = 10;
const RATES = { read: 15 * SCALE, write: 15 * SCALE, pool: 5 * SCALE };
const LATENCY_MS = 20;
const POOLS = [310, 230, 230, 230];
const DRIFTED = 0.1;

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

type Run = { seconds: number; json: Record<string, unknown>; code: number };

/** Runs the CLI as a user would (not blocking: the emulator answers from this process). */
async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const start = performance.now();
  const { code, stdout, stderr } = await runNode(cli, args, { env });
  const seconds = (performance.now() - start) / 1000;
  try {
    return { seconds, json: JSON.parse(stdout) as Record<string, unknown>, code };
  } catch {
    throw new Error(`cognito-gitops ${args[0]} printed no JSON (exit ${code}):\n${stderr}`);
  }
}

/** The floor for reading n clients per pool: every call within the account's and each pool's quota. */
function readFloor(pools: readonly number[]): number {
  const pages = pools.map((n) => Math.ceil(n / 60));
  const calls = pools.reduce((a, b) => a + b, 0) + pages.reduce((a, b) => a + b, 0);
  return Math.max(
    calls / RATES.read,
    ...pools.map((n) => n / RATES.pool),
    ...pages.map((p) => p / RATES.pool),
  );
}

/**
 * The floor for m updates per pool: each is read just before and read back after (two Describes
 * in that pool's Describe lane), and writes and reads are separate quotas.
 */
function updateFloor(drifted: readonly number[]): number {
  const m = drifted.reduce((a, b) => a + b, 0);
  return Math.max(m / RATES.write, (2 * m) / RATES.read, ...drifted.map((n) => (2 * n) / RATES.pool));
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd(i === 0 ? 10 : 14)).join("");
}

async function benchQuotaBound(): Promise<void> {
  const emu = await startStrictEmulator({
    faults: {
      accountReadRate: RATES.read,
      accountWriteRate: RATES.write,
      poolOperationRate: RATES.pool,
      latencyMs: LATENCY_MS,
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "cognito-gitops-bench-"));
  try {
    let n = 0;
    const driftedPerPool: number[] = [];
    for (const [p, size] of POOLS.entries()) {
      const pool = emu.createPool(`bench-${p}`, "us-east-1");
      const clients: ClientSpec[] = [];
      let drifted = 0;
      for (let i = 0; i < size; i++, n++) {
        const spec = clientSpec(n);
        clients.push(spec);
        const live = toApi(spec) as Record<string, unknown>;
        if (i % Math.round(1 / DRIFTED) === 0) {
          live.CallbackURLs = [
            `https://app-${n}.example.com/callback`,
            "https://console-edit.example.com/cb",
          ];
          drifted++;
        }
        emu.createClient(pool, live);
      }
      driftedPerPool.push(drifted);
      writeFileSync(join(dir, `pool-${p}.yaml`), dump({ userPoolId: pool, clients }, { lineWidth: 200 }));
    }
    const env = {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    const common = [
      "--output",
      "json",
      "--endpoint",
      emu.endpoint,
      "--rates",
      `${RATES.read},${RATES.write},${RATES.pool}`,
    ];

    emu.resetCalls();
    const plan = await runCli(["plan", dir, ...common], env);
    const planThrottled = emu.calls.filter((c) => c.error === "TooManyRequestsException").length;
    emu.resetCalls();
    const apply = await runCli(["apply", dir, ...common], env);
    const applyThrottled = emu.calls.filter((c) => c.error === "TooManyRequestsException").length;

    const tPlan = readFloor(POOLS);
    const tApply = tPlan + updateFloor(driftedPerPool);
    const summary = (r: Run) => r.json.summary as Record<string, number>;
    console.log(
      `\n1. plan and apply of ${n} clients in ${POOLS.length} pools (${POOLS.join(", ")}), ` +
        `${driftedPerPool.reduce((a, b) => a + b, 0)} drifted; emulator quotas ${RATES.read} reads/s, ` +
        `${RATES.write} writes/s, ${RATES.pool}/s per pool and operation; ${LATENCY_MS} ms latency\n`,
    );
    console.log(row(["", "wall s", "T* s", "ratio", "throttled", "failed", "calls"]));
    for (const [name, r, floor, throttled] of [
      ["plan", plan, tPlan, planThrottled],
      ["apply", apply, tApply, applyThrottled],
    ] as const) {
      const calls = Object.entries(r.json.calls as Record<string, number>)
        .map(([op, k]) => `${op.replace("UserPoolClient", "")} ${k}`)
        .join(", ");
      console.log(
        row([
          name,
          r.seconds.toFixed(2),
          floor.toFixed(2),
          (r.seconds / floor).toFixed(3),
          throttled,
          summary(r).error ?? 0,
          calls,
        ]),
      );
    }
    if (plan.code !== 0 || apply.code !== 0)
      console.log(`exit codes: plan ${plan.code}, apply ${apply.code}`);
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
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

function benchColdStart(): void {
  const times: number[] = [];
  for (let k = 0; k < 9; k++) {
    const start = performance.now();
    spawnSync(process.execPath, [cli, "validate", "examples"], { cwd: root });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `\n4. cold start of 'cognito-gitops validate examples' (median of 9): ${(times[4] ?? 0).toFixed(0)} ms`,
  );
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
  await benchQuotaBound();
  benchCore();
  benchValidateFiles();
  benchColdStart();
  benchBrokenClients();
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
