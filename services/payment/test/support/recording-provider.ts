import type { LedgerEntry, SimulatedProvider } from '../../src/provider/simulated-provider';
import type { ChargeRequest, PaymentProvider, RefundRequest } from '../../src/usecases/payment-provider';

export interface RecordingProvider extends PaymentProvider {
  /** Every charge asked of the provider (tokens left out). */
  charges: Omit<ChargeRequest, 'token'>[];
  /** Every refund call, with whether it failed. */
  refunds: (RefundRequest & { failed: boolean })[];
  /** The charge references every look-up asked about. */
  lookups: string[];
  /** The next this many refund calls fail, as a provider outage would. */
  failNextRefunds: number;
  /** What the provider captured and refunded: the money's side of the story. */
  ledger(): readonly LedgerEntry[];
}

/** Wraps the simulated provider, recording what it is asked; can make refunds fail. */
export function recording(inner: SimulatedProvider): RecordingProvider {
  const provider: RecordingProvider = {
    charges: [],
    refunds: [],
    lookups: [],
    failNextRefunds: 0,
    async charge(request) {
      const { token: _token, ...charge } = request;
      provider.charges.push(charge);
      return inner.charge(request);
    },
    async refund(request) {
      if (provider.failNextRefunds > 0) {
        provider.failNextRefunds -= 1;
        provider.refunds.push({ ...request, failed: true });
        throw new Error('provider unavailable');
      }
      await inner.refund(request);
      provider.refunds.push({ ...request, failed: false });
    },
    async lookup(externalId) {
      provider.lookups.push(externalId);
      return inner.lookup(externalId);
    },
    ledger: () => inner.ledger(),
  };
  return provider;
}
