/** Cognito for the Action: one adapter per Region, honouring the endpoint and rate variables. */

import { AwsCognito } from "../cognito/aws.js";
import { parseRates } from "../cognito/limiter.js";
import type { Connect } from "../commands/plan.js";
import type { ActionContext } from "./inputs.js";

export type AwsConnection = { connect: Connect; close(): void };

/** `notice` gets the limiter's first notice only (such as a throttled account), not one per request. */
export function awsConnection(ctx: ActionContext, notice: (message: string) => void): AwsConnection {
  const rates = parseRates(ctx.rates);
  const adapters: AwsCognito[] = [];
  let noticed = false;
  return {
    connect(region) {
      const adapter = new AwsCognito({
        region,
        ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
        ...(rates ? { rates } : {}),
        onNotice: (message) => {
          if (!noticed) notice(message);
          noticed = true;
        },
      });
      adapters.push(adapter);
      return adapter;
    },
    close() {
      for (const a of adapters) a.destroy();
    },
  };
}
