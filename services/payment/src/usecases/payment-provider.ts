import type { PaymentMethod } from '../domain/payment-method';

export interface ChargeRequest {
  /** The transaction's provider reference; a provider treats a repeat as the same charge. */
  externalId: string;
  amountCents: number;
  currency: string;
  method: PaymentMethod;
  /** The card or wallet token the client sent; empty when none. Never logged. */
  token: string;
}

export interface RefundRequest {
  /** The refund's provider reference: a repeat is the same refund, never a second one. */
  externalId: string;
  /** The charge being refunded. */
  chargeExternalId: string;
  amountCents: number;
  currency: string;
}

/**
 * What the provider holds under a charge's reference: `succeeded` (captured; a later refund does
 * not change it), `declined`, or `not_found` (it never received the charge, or it never completed).
 */
export type ChargeLookup = 'succeeded' | 'declined' | 'not_found';

/**
 * Where money moves. Real providers plug in behind it; `createSimulatedProvider` is built in.
 * A provider that cannot answer throws (or never settles: callers bound every call with a timeout).
 */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<'succeeded' | 'declined'>;
  refund(request: RefundRequest): Promise<void>;
  /** The outcome of the charge made under `externalId`, for reconciling an attempt that left none. */
  lookup(externalId: string): Promise<ChargeLookup>;
}

/** The provider did not answer within the time a caller grants it. */
export class ProviderTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`payment provider did not answer within ${timeoutMs} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

/** Settles as `call` does, or rejects with ProviderTimeoutError after `timeoutMs`. */
export async function withProviderTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
