// The strict emulator's switchable faults: throttling, internal errors, token-bucket rate limits
// per account category and per pool operation, and access denied for a role without an action.
import { EmulatorError, type Json } from "./strict-emulator-validation.js";

export type Fault = {
  throttleRate?: number;
  internalErrorRate?: number;
  latencyMs?: number;
  /** Client IDs whose next N UpdateUserPoolClient calls fail with ConcurrentModificationException. */
  concurrentModification?: Map<string, number>;
  /** Client IDs whose next N UpdateUserPoolClient calls fail with a 500 InternalErrorException, unapplied. */
  internalErrors?: Map<string, number>;
  /** Client IDs whose next N UpdateUserPoolClient calls are applied, then answered with a 500 (the answer is lost). */
  lostAnswers?: Map<string, number>;
  /** Called (and awaited) with every request before it is handled: another actor changing things meanwhile, or a slow answer. */
  onRequest?: (operation: string, input: Record<string, unknown>) => void | Promise<void>;
  /** Token-bucket limits answered with TooManyRequestsException: per account per category (read: Describe+List, write: Create+Update), and per pool per operation. */
  accountReadRate?: number;
  accountWriteRate?: number;
  poolOperationRate?: number;
  /** Operations answered with AccessDeniedException, as for a role without that IAM action. */
  accessDenied?: Set<string>;
};

/** Quota categories of the client operations (UserPoolClientRead / UserPoolClientUpdate). */
const CLIENT_OPERATIONS: Partial<Record<string, "read" | "write">> = {
  ListUserPoolClients: "read",
  DescribeUserPoolClient: "read",
  CreateUserPoolClient: "write",
  UpdateUserPoolClient: "write",
};

export class FaultInjector {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly random: () => number,
    private readonly now: () => number,
  ) {}

  /** Token bucket: holds up to `rate` tokens (at least 1), refilled at `rate` per second. */
  private take(key: string, rate: number | undefined): boolean {
    if (rate === undefined) return true;
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: Math.max(rate, 1), at };
    bucket.tokens = Math.min(Math.max(rate, 1), bucket.tokens + ((at - bucket.at) / 1000) * rate);
    bucket.at = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Throws the fault this request meets, if any. */
  inject(faults: Fault, operation: string, input: Json): void {
    if (faults.accessDenied?.has(operation)) {
      throw new EmulatorError(
        "AccessDeniedException",
        `User: arn:aws:sts::123456789012:assumed-role/plan/ci is not authorized to perform: cognito-idp:${operation}`,
      );
    }
    const category = CLIENT_OPERATIONS[operation];
    if (category === undefined) return;
    const throttled = (message: string) => new EmulatorError("TooManyRequestsException", message, 429);
    if ((faults.throttleRate ?? 0) > 0 && this.random() < (faults.throttleRate ?? 0))
      throw throttled("Rate exceeded");
    if ((faults.internalErrorRate ?? 0) > 0 && this.random() < (faults.internalErrorRate ?? 0)) {
      throw new EmulatorError("InternalErrorException", "Internal server error.", 500);
    }
    const accountRate = category === "read" ? faults.accountReadRate : faults.accountWriteRate;
    if (!this.take(`account:${category}`, accountRate)) {
      throw throttled(`Too many requests: UserPoolClient ${category} rate for the account exceeded.`);
    }
    const poolId = typeof input.UserPoolId === "string" ? input.UserPoolId : "";
    if (!this.take(`pool:${poolId}:${operation}`, faults.poolOperationRate)) {
      throw throttled(`Too many requests: ${operation} rate for user pool ${poolId} exceeded.`);
    }
  }
}
