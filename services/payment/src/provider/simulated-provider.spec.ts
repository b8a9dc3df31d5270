import { withProviderTimeout, ProviderTimeoutError, type ChargeRequest } from '../usecases/payment-provider';
import { createSimulatedProvider, SIMULATED_TOKENS } from './simulated-provider';

const chargeWith = (token: string): ChargeRequest => ({ externalId: 'PAY-CR-1', amountCents: 10_000, currency: 'IDR', method: 'credit_card', token });

describe('the simulated provider', () => {
  const provider = createSimulatedProvider({ latencyMs: 5 });

  it('declines tok_decline', async () => {
    await expect(provider.charge(chargeWith(SIMULATED_TOKENS.decline))).resolves.toBe('declined');
  });

  it('charges any other token, or none', async () => {
    await expect(provider.charge(chargeWith('tok_visa'))).resolves.toBe('succeeded');
    await expect(provider.charge(chargeWith(''))).resolves.toBe('succeeded');
  });

  it('never answers tok_timeout, so the caller`s timeout ends it', async () => {
    await expect(withProviderTimeout(provider.charge(chargeWith(SIMULATED_TOKENS.timeout)), 50)).rejects.toBeInstanceOf(ProviderTimeoutError);
  });

  it('takes its configured latency', async () => {
    const slow = createSimulatedProvider({ latencyMs: 60 });
    const started = Date.now();
    await slow.charge(chargeWith('tok_visa'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('refunds', async () => {
    await expect(provider.refund({ externalId: 'REF-1', chargeExternalId: 'PAY-CR-1', amountCents: 10_000, currency: 'IDR' })).resolves.toBeUndefined();
  });
});
