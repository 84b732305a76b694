/**
 * Plan and apply against the strict emulator at Cognito's real quotas, the CLI as a subprocess
 * (process start included), compared with the floor of the task itself:
 *   T*(plan)  = max(reads / read rate, per pool: its reads / pool rate)
 *   T*(apply) = max(reads / read rate, writes / write rate,
 *                   per pool: its reads / pool rate, its writes / pool rate)
 * where reads are the minimal ones (one Describe per managed client, and the listing pages that
 * resolve names) and writes one Update per drifted client. Median of three runs; after every apply
 * the emulator's clients are checked against their specs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dump } from "js-yaml";
import { toApi } from "../src/model/convert.js";
import type { ClientSpec } from "../src/model/types.js";
import { runNode } from "../test/support/process.js";
import { type StrictEmulator, startStrictEmulator } from "../test/support/strict-emulator.js";

/** Cognito's quotas: reads and updates per second per account, requests per second per pool and operation. */
const RATES = { read: 15, write: 15, pool: 5 };
const LATENCY_MS = 40;
const PAGE = 60;
const RUNS = 3;

export type Layout = { name: string; pools: number[]; drifted: number[] };

/** The layout (a pool's own quota bounds it), one bound by the account, one where writes keep pace with reads. */
export const LAYOUTS: Layout[] = [
  { name: "4 pools 80/40/40/40, 50 drifted", pools: [80, 40, 40, 40], drifted: [20, 10, 10, 10] },
  { name: "6 pools of 30, 60 drifted", pools: [30, 30, 30, 30, 30, 30], drifted: [10, 10, 10, 10, 10, 10] },
  { name: "1 pool of 60, all drifted", pools: [60], drifted: [60] },
];

function spec(i: number): ClientSpec & { clientName: string } {
  return {
    clientName: `app-${i}`,
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthFlows: ["code"],
    allowedOAuthScopes: ["openid", "email", "profile"],
    callbackURLs: [`https://app-${i}.example.com/callback`],
    logoutURLs: [`https://app-${i}.example.com/bye`],
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    supportedIdentityProviders: ["COGNITO"],
    accessTokenValidity: 60,
    tokenValidityUnits: { accessToken: "minutes" },
    enableTokenRevocation: true,
  };
}

export function planFloor(layout: Layout): number {
  const pages = layout.pools.map((n) => Math.ceil(n / PAGE));
  const reads = layout.pools.reduce((a, b) => a + b, 0) + pages.reduce((a, b) => a + b, 0);
  return Math.max(
    reads / RATES.read,
    ...layout.pools.map((n) => n / RATES.pool),
    ...pages.map((p) => p / RATES.pool),
  );
}

export function applyFloor(layout: Layout): number {
  const writes = layout.drifted.reduce((a, b) => a + b, 0);
  return Math.max(planFloor(layout), writes / RATES.write, ...layout.drifted.map((n) => n / RATES.pool));
}

type Seeded = {
  emu: StrictEmulator;
  dir: string;
  clients: { pool: string; id: string; spec: ClientSpec; drifted: boolean }[];
};

async function seed(layout: Layout): Promise<Seeded> {
  const emu = await startStrictEmulator({
    faults: {
      accountReadRate: RATES.read,
      accountWriteRate: RATES.write,
      poolOperationRate: RATES.pool,
      latencyMs: LATENCY_MS,
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "cognito-gitops-bench-"));
  const clients: Seeded["clients"] = [];
  let n = 0;
  for (const [p, size] of layout.pools.entries()) {
    const pool = emu.createPool(`bench-${p}`, "us-east-1");
    const specs: ClientSpec[] = [];
    // Drifted clients spread evenly over the pool, so writes run alongside its reads.
    const every = size / (layout.drifted[p] ?? 0);
    for (let i = 0; i < size; i++, n++) {
      const s = spec(n);
      specs.push(s);
      const id = emu.createClient(pool, toApi(s) as Record<string, unknown>).ClientId;
      clients.push({ pool, id, spec: s, drifted: Number.isFinite(every) && i % every < 1 });
    }
    writeFileSync(
      join(dir, `pool-${p}.yaml`),
      dump({ userPoolId: pool, clients: specs }, { lineWidth: 200 }),
    );
  }
  return { emu, dir, clients };
}

/** Someone edits the drifted clients in the console. */
function drift(s: Seeded): void {
  for (const c of s.clients) {
    if (c.drifted) s.emu.patchClient(c.pool, c.id, { CallbackURLs: ["https://console-edit.example.com/cb"] });
  }
}

/** The clients whose live callback URLs are not their spec's. */
function wrongAfterApply(s: Seeded): number {
  return s.clients.filter((c) => {
    const live = s.emu.rawClient(c.pool, c.id).CallbackURLs;
    return JSON.stringify(live) !== JSON.stringify(c.spec.callbackURLs);
  }).length;
}

type Run = {
  seconds: number;
  code: number;
  describes: number;
  updates: number;
  throttled: number;
  wrong?: number;
};

async function runCli(cli: string, command: string, s: Seeded): Promise<Run> {
  s.emu.resetCalls();
  const env = {
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const args = [command, s.dir, "--output", "json", "--endpoint", s.emu.endpoint];
  const start = performance.now();
  const { code, stderr } = await runNode(cli, args, { env });
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`cognito-gitops ${command} exited ${code}:\n${stderr}`);
  return {
    seconds,
    code,
    describes: s.emu.callsOf("DescribeUserPoolClient").length,
    updates: s.emu.callsOf("UpdateUserPoolClient").length,
    throttled: s.emu.calls.filter((c) => c.error === "TooManyRequestsException").length,
  };
}

/** The middle value (the upper middle of an even count); 0 for none. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export type LayoutResult = {
  layout: Layout;
  plan: { seconds: number; floor: number; ratio: number; runs: Run[] };
  apply: { seconds: number; floor: number; ratio: number; runs: Run[] };
};

export async function benchLayout(cli: string, layout: Layout): Promise<LayoutResult> {
  const s = await seed(layout);
  try {
    const plans: Run[] = [];
    const applies: Run[] = [];
    for (let k = 0; k < RUNS; k++) {
      drift(s);
      plans.push(await runCli(cli, "plan", s));
      const apply = await runCli(cli, "apply", s);
      applies.push({ ...apply, wrong: wrongAfterApply(s) });
    }
    const summary = (runs: Run[], floor: number) => {
      const seconds = median(runs.map((r) => r.seconds));
      return { seconds, floor, ratio: seconds / floor, runs };
    };
    return { layout, plan: summary(plans, planFloor(layout)), apply: summary(applies, applyFloor(layout)) };
  } finally {
    await s.emu.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
}

/** The targets of the issue, checked on one layout's result: a list of what missed. */
export function missed(r: LayoutResult): string[] {
  const managed = r.layout.pools.reduce((a, b) => a + b, 0);
  const drifted = r.layout.drifted.reduce((a, b) => a + b, 0);
  const out: string[] = [];
  if (r.plan.ratio > 1.03) out.push(`plan ${r.plan.ratio.toFixed(3)} x T* > 1.03`);
  if (r.apply.ratio > 1.05) out.push(`apply ${r.apply.ratio.toFixed(3)} x T* > 1.05`);
  for (const run of [...r.plan.runs, ...r.apply.runs]) {
    if (run.throttled > 0) out.push(`${run.throttled} throttled`);
    if (run.describes !== managed) out.push(`${run.describes} Describe calls for ${managed} clients`);
  }
  for (const run of r.apply.runs) {
    if (run.updates !== drifted) out.push(`${run.updates} Update calls for ${drifted} drifted`);
    if (run.wrong) out.push(`${run.wrong} clients wrong after apply`);
  }
  return [...new Set(out)];
}

export const QUOTA_HEADER = `emulator at Cognito's quotas: ${RATES.read} reads/s and ${RATES.write} updates/s per account, ${RATES.pool}/s per pool and operation, ${LATENCY_MS} ms latency; median of ${RUNS} runs`;
