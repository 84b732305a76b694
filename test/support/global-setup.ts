/** Builds the CLI bundle once, so subprocess tests run what a user runs. */
// @ts-expect-error: plain ESM build script without types
import { buildCli } from "../../scripts/build.mjs";

export default async function setup(): Promise<void> {
  await buildCli();
}
