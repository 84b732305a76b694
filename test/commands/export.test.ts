/** `export` on a fake port: what it reads and whether what it writes validates. */
import { describe, expect, it } from "vitest";
import { exportPool } from "../../src/commands/export.js";
import { loadSpecFile } from "../../src/specfile/load.js";
import { validationReport } from "../../src/specfile/report.js";
import { awsConfig, FakeCognito } from "../support/fake-cognito.js";

const POOL = "us-east-1_AAAAAAAAA";

describe("exportPool", () => {
  it("writes a client named twice (--client-id X --client-id X) once, so the file validates", async () => {
    const fake = new FakeCognito();
    fake.seed(
      POOL,
      { clientId: "aaaa1111", config: awsConfig("web") },
      { clientId: "bbbb2222", config: awsConfig("api") },
    );
    const result = await exportPool({ port: fake, userPoolId: POOL, clientIds: ["aaaa1111", "aaaa1111"] });
    expect(result.clients.map((c) => c.clientId)).toEqual(["aaaa1111"]);
    expect(fake.calls.filter((c) => c.op === "describe")).toHaveLength(1);
    const loaded = loadSpecFile("export.yaml", new TextEncoder().encode(result.yaml));
    const report = validationReport([loaded], []);
    expect(report.errors).toEqual([]);
    expect(report.clients).toBe(1);
  });
});
