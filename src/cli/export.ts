/** `cognito-gitops export`. */
import { relative } from "node:path";
import { exportPool } from "../commands/export.js";
import { GitopsError, rethrowFatal, summarizeError, UsageError } from "../errors.js";
import { poolIdRegion, regionOf } from "../model/region.js";
import { USER_POOL_ID_PATTERN } from "../model/schema.js";
import { plural, visible } from "../text.js";
import { type CommandRun, listOption, stringOption } from "./args.js";
import { outFolder } from "./out-path.js";
import { openAwsFromArgs, settingsFromArgs } from "./session.js";

export const run: CommandRun = async (args, io) => {
  const userPoolId = stringOption(args, "user-pool-id");
  if (!userPoolId) throw new UsageError("--user-pool-id is required");
  // The ID names the file written: check it before it is used as a path.
  if (!new RegExp(USER_POOL_ID_PATTERN).test(userPoolId)) {
    throw new UsageError(
      `--user-pool-id "${visible(userPoolId)}" is not a user pool ID (such as us-east-1_EXAMPLE1)`,
    );
  }
  const settings = settingsFromArgs(args, io);
  const region = regionOf({ userPoolId }, settings.region);
  const given = stringOption(args, "out");
  const out = given !== undefined ? await outFolder(io.cwd, given) : undefined;
  const aws = await openAwsFromArgs(args, io, settings);
  const result = await exportPool({
    port: aws.connect(region),
    userPoolId,
    // Written only where the pool ID does not name its Region (plan reads that first).
    region: poolIdRegion(userPoolId) ? undefined : region,
    clientIds: listOption(args, "client-id"),
  })
    .catch((err: unknown) => {
      rethrowFatal(err);
      const e = summarizeError(err);
      throw new GitopsError(e.code, `exporting user pool ${userPoolId}: ${e.code}: ${e.message}`);
    })
    .finally(() => aws.close());
  for (const c of result.clients) {
    if (c.unknownMembers.length === 0) continue;
    io.stderr(
      `warning: ${visible(c.clientName)} (${c.clientId}) has field(s) ${visible(c.unknownMembers.join(", "))} that this version of cognito-gitops does not know; they are not in the export, and plan will refuse to update this client until cognito-gitops is upgraded\n`,
    );
  }
  if (!out) {
    io.stdout(result.yaml);
    return 0;
  }
  const file = await out.write(`${userPoolId}.yaml`, result.yaml);
  io.stderr(`Wrote ${relative(io.cwd, file)} (${plural(result.clients.length, "client")}).\n`);
  return 0;
};
