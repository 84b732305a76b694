/** SIGINT / SIGTERM during apply: no new update starts, the report says what was done, exit 130/143. */
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsCognito } from "../../src/cognito/aws.js";
import { applySpecs } from "../../src/commands/apply.js";
import { validate } from "../../src/commands/validate.js";
import { CLI } from "../support/cli.js";
import { driftedClients, OLD_CALLBACK } from "../support/seed.js";
import { type StrictEmulator, startStrictEmulator } from "../support/strict-emulator.js";

let emu: StrictEmulator;
let pool: string;

beforeEach(async () => {
  emu = await startStrictEmulator();
  pool = emu.createPool("interrupt", "us-east-1");
});
afterEach(() => emu.close());

/** n drifted clients and their specs; their IDs by name. */
function seed(n: number): { ids: Map<string, string>; dir: string } {
  const { ids, dir } = driftedClients(emu, pool, n);
  return { ids: new Map(ids.map((id, i) => [`c${i}`, id])), dir };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

type Reported = { clientName: string; applied: boolean; interrupted?: string };

describe("an interrupted apply", () => {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`on ${signal}: stops starting updates, reports each client's state as JSON, exits ${code}`, async () => {
      const { ids, dir } = seed(12);
      emu.faults.latencyMs = 150;
      const child = spawn(process.execPath, [CLI, "apply", "--output", "json", "--endpoint", emu.endpoint], {
        cwd: dir,
        // Two updates a second: the apply is slow enough to interrupt in its middle.
        env: {
          PATH: process.env.PATH,
          AWS_ACCESS_KEY_ID: "t",
          AWS_SECRET_ACCESS_KEY: "t",
          COGNITO_GITOPS_RATES: "100,2,100",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      await until(() => emu.callsOf("UpdateUserPoolClient").some((c) => c.status === 200), "a first update");
      child.kill(signal);
      expect(await exited).toBe(code);

      expect(stderr).toContain(`${signal}: no new update will start`);
      // Twelve updates wait on one signal: one listener each would make Node warn of a leak.
      expect(stderr).not.toContain("MaxListenersExceededWarning");
      const json = JSON.parse(stdout);
      expect(json.interrupted).toEqual({ signal });
      const clients = json.clients as Reported[];
      const applied = clients.filter((c) => c.applied);
      const notStarted = clients.filter((c) => c.interrupted === "not-started");
      expect(applied.length).toBeGreaterThan(0);
      expect(notStarted.length).toBeGreaterThan(0);
      expect(
        applied.length + notStarted.length + clients.filter((c) => c.interrupted === "in-flight").length,
      ).toBe(12);
      // The report is the truth: applied clients were written, the others were not.
      const written = emu.callsOf("UpdateUserPoolClient").filter((c) => c.status === 200);
      expect(written.map((c) => c.input.ClientId).sort()).toEqual(
        applied.map((c) => ids.get(c.clientName)).sort(),
      );
      for (const c of notStarted) {
        expect(emu.rawClient(pool, ids.get(c.clientName) ?? "").CallbackURLs).toEqual([OLD_CALLBACK]);
      }
      await sleep(700); // nothing more is sent once the process is gone
      expect(emu.callsOf("UpdateUserPoolClient").filter((c) => c.status === 200)).toHaveLength(
        written.length,
      );
    });
  }

  it("reports an update whose answer did not come within the grace period as in flight", async () => {
    const { dir } = seed(3);
    const report = await validate(["."], dir);
    const controller = new AbortController();
    emu.faults.onRequest = async (operation) => {
      if (operation !== "UpdateUserPoolClient") return;
      controller.abort("SIGINT"); // Ctrl-C while the first update is on its way...
      await sleep(3_000); // ...whose answer is slow to come
    };
    const connect = (region: string) =>
      new AwsCognito({
        region,
        endpoint: emu.endpoint,
        rates: { accountRead: 100, accountWrite: 1, poolOperation: 100 },
      });
    const started = performance.now();
    const { plan } = await applySpecs(report.specs, { connect, signal: controller.signal, graceMs: 200 });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(plan.interrupted).toEqual({ signal: "SIGINT" });
    const states = plan.clients.map((c) => c.outcome?.interrupted ?? (c.outcome?.applied ? "applied" : "?"));
    expect(states.sort()).toEqual(["in-flight", "not-started", "not-started"]);
    expect(emu.callsOf("UpdateUserPoolClient")).toHaveLength(1);
  });
});
