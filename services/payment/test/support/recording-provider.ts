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
  /**
   * Charges asked from now on wait (recorded, not yet sent) until `release()`, so a test can act
   * while they are in flight; then they go to the provider and capture.
   */
  holdCharges(): { release(): void };
}

/** Wraps the simulated provider, recording what it is asked; can make refunds fail. */
export function recording(inner: SimulatedProvider): RecordingProvider {
  let held: Promise<void> = Promise.resolve();
  const provider: RecordingProvider = {
    charges: [],
    refunds: [],
    lookups: [],
    failNextRefunds: 0,
    async charge(request) {
      const { token: _token, ...charge } = request;
      provider.charges.push(charge);
      await held;
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
    holdCharges() {
      let release = () => undefined as void;
      held = new Promise((resolve) => {
        release = resolve;
      });
      return { release: () => release() };
    },
  };
  return provider;
}
