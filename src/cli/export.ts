/** `cognito-gitops export`. */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { exportPool } from "../commands/export.js";
import { GitopsError, rethrowFatal, summarizeError, UsageError } from "../errors.js";
import { poolIdRegion, regionOf } from "../model/region.js";
import { plural } from "../render/values.js";
import { type CommandRun, listOption, stringOption } from "./args.js";
import { openAwsFromArgs, settingsFromArgs } from "./session.js";

/** The schema file shipped with the tool: the nearest schemas/ above the running code. */
function schemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "schemas", "app-clients.schema.json");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return candidate;
    dir = parent;
  }
}

export const run: CommandRun = async (args, io) => {
  const userPoolId = stringOption(args, "user-pool-id");
  if (!userPoolId) throw new UsageError("--user-pool-id is required");
  const region = regionOf({ userPoolId }, settingsFromArgs(args, io).region);
  const outDir = stringOption(args, "out");
  const dir = outDir ? resolve(io.cwd, outDir) : io.cwd;
  const aws = await openAwsFromArgs(args, io);
  const result = await exportPool({
    port: aws.connect(region),
    userPoolId,
    // Written only where the pool ID does not name its Region (plan reads that first).
    region: poolIdRegion(userPoolId) ? undefined : region,
    clientIds: listOption(args, "client-id"),
    schemaRef: relative(dir, schemaPath()),
  })
    .catch((err: unknown) => {
      rethrowFatal(err);
      const e = summarizeError(err);
      throw new GitopsError(e.code, `exporting user pool ${userPoolId}: ${e.code}: ${e.message}`);
    })
    .finally(() => aws.close());
  if (!outDir) {
    io.stdout(result.yaml);
    return 0;
  }
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${userPoolId}.yaml`);
  await writeFile(file, result.yaml);
  io.stderr(`Wrote ${relative(io.cwd, file)} (${plural(result.clients.length, "client")}).\n`);
  return 0;
};
