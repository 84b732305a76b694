/** The cause of a drifted field from committed spec versions (pure; the Git reading is tested in integration). */
import { describe, expect, it } from "vitest";
import { toApi } from "../../src/model/convert.js";
import type { ClientSpec } from "../../src/model/types.js";
import { driftCause, type SpecVersion } from "../../src/plan/drift-cause.js";
import { planClient } from "../../src/plan/planner.js";
import type { DeclaredClient } from "../../src/specfile/load.js";

const POOL = "us-east-1_TESTPOOL";

function declared(spec: ClientSpec, pool = POOL): DeclaredClient {
  return {
    userPoolId: pool,
    region: undefined,
    spec,
    source: { file: "p.yaml", line: 3, column: 5, index: 0 },
  };
}

function version(n: number, clients: ClientSpec[] | "absent" | "invalid", pool = POOL): SpecVersion {
  const ref = { commit: `c${n}`, date: `2026-11-0${n}T00:00:00Z`, subject: `commit ${n}` };
  if (clients === "absent") return { ...ref, absent: true };
  if (clients === "invalid") return ref;
  return { ...ref, spec: { userPoolId: pool, region: undefined, clients } };
}

/** The drifted callbackURLs change of `current` against live `[https://a.example.com/cb]`. */
function cause(current: ClientSpec, versions: SpecVersion[]) {
  const d = declared(current);
  const live = toApi({
    clientName: "web",
    allowedOAuthFlowsUserPoolClient: true,
    callbackURLs: ["https://a.example.com/cb"],
  });
  const entry = planClient(
    d,
    {
      userPoolId: POOL,
      clientId: "id1",
      clientName: "web",
      config: live,
      hasSecret: false,
      unknownMembers: [],
    },
    "us-east-1",
    "drift",
  );
  const change = entry.changes.find((c) => c.field === "callbackURLs");
  if (!change) throw new Error("expected drift on callbackURLs");
  return driftCause(change, d, "web", versions);
}

const NOW: ClientSpec = { clientName: "web", callbackURLs: ["https://b.example.com/cb"] };
const WAS: ClientSpec = {
  clientName: "web",
  callbackURLs: ["https://a.example.com/cb", "https://a.example.com/cb"],
};

describe("driftCause", () => {
  it("is unapplied since the commit after the newest version that asked for the live value (compared as sets)", () => {
    expect(cause(NOW, [version(3, [NOW]), version(2, [NOW]), version(1, [WAS])])).toEqual({
      cause: "unapplied",
      since: { commit: "c2", date: "2026-11-02T00:00:00Z", subject: "commit 2" },
    });
  });

  it("skips versions that are invalid or do not manage the field, for the match and for the commit named", () => {
    const unmanaged: ClientSpec = { clientName: "web" };
    expect(
      cause(NOW, [version(4, [NOW]), version(3, [unmanaged]), version(2, "invalid"), version(1, [WAS])]),
    ).toEqual({
      cause: "unapplied",
      since: { commit: "c4", date: "2026-11-04T00:00:00Z", subject: "commit 4" },
    });
  });

  it("is unapplied without a commit when the newest committed version asks for the live value", () => {
    expect(cause(NOW, [version(1, [WAS])])).toEqual({ cause: "unapplied" });
  });

  it("is outside-git when no version asked for the live value", () => {
    expect(cause(NOW, [version(2, [NOW]), version(1, [NOW])])).toEqual({ cause: "outside-git" });
    expect(cause(NOW, [])).toEqual({ cause: "outside-git" });
  });

  it("stops where the file or the client did not exist, or the spec named another pool", () => {
    const other: ClientSpec = { clientName: "api", callbackURLs: ["https://a.example.com/cb"] };
    expect(cause(NOW, [version(3, [NOW]), version(2, "absent"), version(1, [WAS])])).toEqual({
      cause: "outside-git",
    });
    expect(cause(NOW, [version(3, [NOW]), version(2, [other]), version(1, [WAS])])).toEqual({
      cause: "outside-git",
    });
    expect(cause(NOW, [version(2, [NOW]), version(1, [WAS], "eu-west-1_OTHERPOOL")])).toEqual({
      cause: "outside-git",
    });
  });

  it("follows a client by clientId through a rename", () => {
    const now: ClientSpec = {
      clientId: "id1",
      clientName: "web",
      callbackURLs: ["https://b.example.com/cb"],
    };
    const old: ClientSpec = {
      clientId: "id1",
      clientName: "old-web",
      callbackURLs: ["https://a.example.com/cb"],
    };
    expect(cause(now, [version(2, [now]), version(1, [old])])).toMatchObject({
      cause: "unapplied",
      since: { commit: "c2" },
    });
  });
});
