import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newExternalId } from '../domain/payment-method';
import { withProviderTimeout, ProviderTimeoutError, type ChargeRequest } from '../usecases/payment-provider';
import { createSimulatedProvider, SIMULATED_TOKENS } from './simulated-provider';

const chargeWith = (token: string, externalId = newExternalId('credit_card')): ChargeRequest => ({
  externalId,
  amountCents: 10_000,
  currency: 'IDR',
  method: 'credit_card',
  token,
});

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

  it('keeps one ledger entry per reference: a repeated charge is the same charge', async () => {
    const sut = createSimulatedProvider({ latencyMs: 0 });
    const request = chargeWith('tok_visa');
    await sut.charge(request);
    await expect(sut.charge({ ...request, token: SIMULATED_TOKENS.decline })).resolves.toBe('succeeded');
    expect(sut.ledger()).toEqual([{ externalId: request.externalId, outcome: 'succeeded', amountCents: 10_000, currency: 'IDR', refundedBy: undefined }]);
  });

  it('answers look-ups from the ledger; a charge that never answered is not found', async () => {
    const sut = createSimulatedProvider({ latencyMs: 0 });
    const paid = chargeWith('tok_visa');
    const declined = chargeWith(SIMULATED_TOKENS.decline);
    const hung = chargeWith(SIMULATED_TOKENS.timeout);
    await sut.charge(paid);
    await sut.charge(declined);
    await expect(withProviderTimeout(sut.charge(hung), 10)).rejects.toBeInstanceOf(ProviderTimeoutError);
    await expect(sut.lookup(paid.externalId)).resolves.toBe('succeeded');
    await expect(sut.lookup(declined.externalId)).resolves.toBe('declined');
    await expect(sut.lookup(hung.externalId)).resolves.toBe('not_found');
  });

  it('refunds, marking the capture refunded once', async () => {
    const sut = createSimulatedProvider({ latencyMs: 0 });
    const paid = chargeWith('tok_visa');
    await sut.charge(paid);
    await sut.refund({ externalId: 'REF-1', chargeExternalId: paid.externalId, amountCents: 10_000, currency: 'IDR' });
    await sut.refund({ externalId: 'REF-2', chargeExternalId: paid.externalId, amountCents: 10_000, currency: 'IDR' });
    expect(sut.ledger()[0]?.refundedBy).toBe('REF-1');
    await expect(sut.refund({ externalId: 'REF-3', chargeExternalId: 'PAY-CR-unknown', amountCents: 1, currency: 'IDR' })).resolves.toBeUndefined();
  });

  it('keeps its ledger across a restart with a ledger file: look-ups and refunds still know the charge', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'ledger-'));
    try {
      const ledgerFile = path.join(directory, 'ledger.jsonl');
      const captured = chargeWith('tok_visa');
      const declined = chargeWith(SIMULATED_TOKENS.decline);
      const before = createSimulatedProvider({ latencyMs: 0, ledgerFile });
      await before.charge(captured);
      await before.charge(declined);

      const after = createSimulatedProvider({ latencyMs: 0, ledgerFile });
      await expect(after.lookup(captured.externalId)).resolves.toBe('succeeded');
      await expect(after.lookup(declined.externalId)).resolves.toBe('declined');
      await after.refund({ externalId: 'REF-1', chargeExternalId: captured.externalId, amountCents: 10_000, currency: 'IDR' });

      const third = createSimulatedProvider({ latencyMs: 0, ledgerFile });
      expect(third.ledger()).toEqual([
        expect.objectContaining({ externalId: captured.externalId, outcome: 'succeeded', refundedBy: 'REF-1' }),
        expect.objectContaining({ externalId: declined.externalId, outcome: 'declined', refundedBy: undefined }),
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
