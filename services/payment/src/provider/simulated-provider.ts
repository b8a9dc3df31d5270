import type { ChargeRequest, PaymentProvider, RefundRequest } from '../usecases/payment-provider';

/** Test tokens of the simulated provider (documented in the service's README). */
export const SIMULATED_TOKENS = {
  /** The charge is declined. */
  decline: 'tok_decline',
  /** The charge never answers: the caller's timeout ends it. */
  timeout: 'tok_timeout',
} as const;

export interface SimulatedProviderOptions {
  /** How long each charge and refund takes. */
  latencyMs: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A provider that moves no money: after `latencyMs`, `tok_decline` is declined, `tok_timeout` never
 * answers, any other token (or none) succeeds. Refunds always succeed.
 */
export function createSimulatedProvider({ latencyMs }: SimulatedProviderOptions): PaymentProvider {
  return {
    async charge({ token }: ChargeRequest) {
      // No timer for a charge that never answers: nothing is left running once the caller gives up.
      if (token === SIMULATED_TOKENS.timeout) return new Promise<never>(() => undefined);
      await wait(latencyMs);
      return token === SIMULATED_TOKENS.decline ? 'declined' : 'succeeded';
    },
    async refund(_request: RefundRequest) {
      await wait(latencyMs);
    },
  };
}
