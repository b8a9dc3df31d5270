import { newExternalId, PAYMENT_METHODS, refundExternalId } from './payment-method';

describe('newExternalId', () => {
  it('prefixes each method with its own code and a UUID', () => {
    expect(newExternalId('credit_card')).toMatch(/^PAY-CR-[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(newExternalId('bank_transfer')).toMatch(/^PAY-BT-[0-9A-F-]{36}$/);
    expect(newExternalId('e_wallet')).toMatch(/^PAY-EW-[0-9A-F-]{36}$/);
  });

  it('never repeats itself', () => {
    const ids = new Set(PAYMENT_METHODS.flatMap((method) => Array.from({ length: 200 }, () => newExternalId(method))));
    expect(ids.size).toBe(600);
  });
});

describe('refundExternalId', () => {
  it('is one per transaction, so a retried refund is the same refund at the provider', () => {
    const transactionId = '0190a0b0-0000-7000-8000-000000000001';
    expect(refundExternalId(transactionId)).toBe('REF-0190A0B0-0000-7000-8000-000000000001');
    expect(refundExternalId(transactionId)).toBe(refundExternalId(transactionId));
  });
});
