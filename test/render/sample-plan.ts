/** Plan entries written by hand for renderer tests: one of each action and each kind of change. */
import {
  type ClientPlan,
  type ErrorEntry,
  makePlan,
  type Plan,
  type UnmanagedClient,
  type UpdateEntry,
} from "../../src/plan/model.js";

export const POOL = "us-east-1_AAAAAAAAA";

const base = { userPoolId: POOL, region: "us-east-1", risks: [], patch: [], specFingerprint: "sha256:spec" };

export function update(overrides: Partial<UpdateEntry> = {}): UpdateEntry {
  return {
    ...base,
    action: "update",
    clientId: "web1",
    clientName: "web",
    source: { file: "specs/web.yaml", line: 4 },
    fingerprint: "sha256:live",
    lastModifiedDate: "2025-03-01T10:00:00.000Z",
    changes: [
      {
        field: "callbackURLs",
        kind: "set",
        before: ["https://a.example.com/cb", "https://old.example.com/cb"],
        after: ["https://a.example.com/cb", "https://b.example.com/cb", "https://new.example.com/cb"],
        added: ["https://b.example.com/cb", "https://new.example.com/cb"],
        removed: ["https://old.example.com/cb"],
      },
      {
        field: "accessTokenValidity",
        kind: "duration",
        before: { value: 1, unit: "hours" },
        after: { value: 30, unit: "minutes" },
      },
      { field: "enableTokenRevocation", kind: "scalar", before: true, after: false },
    ],
    patch: [{ op: "replace", path: "/enableTokenRevocation", value: false }],
    ...overrides,
  };
}

export function noOp(overrides: Partial<ClientPlan> = {}): ClientPlan {
  return {
    ...base,
    action: "no-op",
    clientId: "adm1",
    clientName: "admin",
    source: { file: "specs/web.yaml", line: 20 },
    changes: [],
    fingerprint: "sha256:live2",
    ...overrides,
  } as ClientPlan;
}

export function failed(overrides: Partial<ErrorEntry> = {}): ErrorEntry {
  return {
    ...base,
    action: "error",
    clientName: "mobile",
    source: { file: "specs/mobile.yaml", line: 3 },
    changes: [],
    error: { code: "ClientNotFound", message: `no app client named "mobile" in user pool ${POOL}` },
    ...overrides,
  };
}

export const STRAYS: UnmanagedClient[] = [
  { userPoolId: POOL, clientId: "old1", clientName: "legacy" },
  { userPoolId: POOL, clientId: "tst1", clientName: "test harness" },
];

export function planOf(clients: ClientPlan[], unmanaged: UnmanagedClient[] = []): Plan {
  return makePlan(clients, unmanaged);
}
