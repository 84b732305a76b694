/**
 * `npm run demo`: the main job on an embedded emulator, no AWS account needed. Starts
 * cognito-local on a free loopback port, creates a pool and the clients of examples/ (some edited
 * "in the console"), then runs the CLI as a user would, and stops the emulator.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpecFile } from "../src/specfile/load.js";
import { startCognitoLocal } from "../test/support/cognito-local.js";
import { consoleEdit, createClient, createPool, sdk } from "../test/support/seed.js";

/** The repository, set by the build (the bundle runs from node_modules/.cache, not from here). */
declare const COGNITO_GITOPS_ROOT: string;
const root = COGNITO_GITOPS_ROOT;
const cli = join(root, "lib", "cli.cjs");
const color = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[0m` : t);
const dim = (t: string) => (color ? `\u001b[2m${t}\u001b[0m` : t);

function step(title: string): void {
  console.log(`\n${bold(`== ${title}`)}\n`);
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  console.log(bold(`$ cognito-gitops ${args.join(" ")}`));
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, stdio: "inherit" });
  console.log(dim(`(exit code ${r.status})`));
  return r.status ?? 1;
}

/** Commits the demo's specs in a new Git repository, as a team keeps them: drift reads their history. */
function commitSpecs(work: string): void {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "demo",
    GIT_AUTHOR_EMAIL: "demo@example.com",
    GIT_COMMITTER_NAME: "demo",
    GIT_COMMITTER_EMAIL: "demo@example.com",
  };
  for (const args of [
    ["init", "-q"],
    ["add", "cognito"],
    ["commit", "-q", "-m", "App client specs"],
  ]) {
    // Without git, drift says its causes are unknown; the rest of the demo is the same.
    if (spawnSync("git", args, { cwd: work, env, stdio: "ignore" }).status !== 0) return;
  }
  console.log("committed the specs in a Git repository");
}

async function main(): Promise<void> {
  // The pinned AWS SDK supports Node 20; its notice about later releases is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  step("Starting cognito-local (an AWS wire-protocol emulator) on a free loopback port");
  const emu = await startCognitoLocal();
  const work = mkdtempSync(join(tmpdir(), "cognito-gitops-demo-"));
  try {
    console.log(`cognito-local is listening on ${emu.endpoint}`);
    const aws = sdk(emu.endpoint);
    const pool = await createPool(aws, "demo");
    console.log(`created user pool ${pool}`);

    // The examples, pointed at the emulator's pool.
    const specs = join(work, "cognito");
    cpSync(join(root, "examples"), specs, {
      recursive: true,
      filter: (p) => !p.includes("workflows") && !p.includes("iam"),
    });
    for (const name of readdirSync(specs).filter((f) => f.endsWith(".yaml"))) {
      const file = join(specs, name);
      const text = readFileSync(file, "utf8")
        .replaceAll("us-east-1_EXAMPLE1", pool)
        .replace("../schemas/", `${root}/schemas/`);
      writeFileSync(file, text);
    }
    commitSpecs(work);

    // Live clients as the specs say, then a few changes made "in the console".
    const ids = new Map<string, string>();
    for (const name of readdirSync(specs)
      .filter((f) => f.endsWith(".yaml"))
      .sort()) {
      const loaded = loadSpecFile(name, readFileSync(join(specs, name)));
      for (const c of loaded.spec?.clients ?? []) {
        const { clientId } = await createClient(
          aws,
          pool,
          { ...c.spec, clientName: c.spec.clientName ?? "?" },
          {
            secret: c.spec.allowedOAuthFlows?.includes("client_credentials") ?? false,
          },
        );
        ids.set(c.spec.clientName ?? "", clientId);
        console.log(`created app client ${c.spec.clientName} (${clientId})`);
      }
    }
    await createClient(aws, pool, { clientName: "legacy-admin-tool" });
    console.log("created app client legacy-admin-tool (in no spec: it will show as unmanaged)");
    await consoleEdit(aws, pool, ids.get("web") ?? "", {
      callbackURLs: ["https://app.example.com/callback", "https://staging.example.com/callback"],
    });
    await consoleEdit(aws, pool, ids.get("billing-worker") ?? "", {
      accessTokenValidity: 2,
      tokenValidityUnits: { accessToken: "hours" },
    });
    console.log("edited web's callback URLs and billing-worker's token lifetime \"in the console\"");

    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: "demo",
      AWS_SECRET_ACCESS_KEY: "demo",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emu.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };

    step("1. Check the specs offline");
    run(["validate", "cognito"], work, env);

    step("2. Plan: what would change (read-only)");
    console.log(
      "(cognito-local does not emulate ListIdentityProviders or ListResourceServers: plan says so in a\n" +
        "warning and skips the pool checks that need them; against AWS they run.)\n",
    );
    run(["plan", "cognito"], work, env);

    step("3. Apply: update only the clients that differ, each with its whole configuration");
    run(["apply", "cognito"], work, env);

    step("4. Plan again: nothing left to change");
    run(["plan", "cognito", "--detailed-exitcode"], work, env);

    step("5. Someone edits a client in the console...");
    await consoleEdit(aws, pool, ids.get("mobile") ?? "", {
      allowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin", "phone"],
      callbackURLs: ["myapp://callback", "https://attacker.example.net/cb"],
    });
    console.log('added the phone scope and a callback on another host to mobile "in the console"');

    step(
      "6. ...and the scheduled drift check catches it, with whose change it is and what it risks (exit code 2 means drift)",
    );
    run(["drift", "cognito"], work, env);
    aws.destroy();
  } finally {
    await emu.stop();
    rmSync(work, { recursive: true, force: true });
    console.log(`\n${dim("Stopped cognito-local and removed the demo's files.")}`);
  }
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
