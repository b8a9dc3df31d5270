import { parsePayRequest, payRequestFingerprint, type PayInput } from './pay-request';

const input = (overrides: Partial<PayInput> = {}): PayInput => ({
  bookingId: '0190A0B0-0000-7000-8000-000000000001',
  paymentMethod: 'credit_card',
  paymentToken: '',
  idempotencyKey: '',
  ...overrides,
});

describe('parsePayRequest', () => {
  it('normalises the booking id and treats empty fields as absent', () => {
    expect(parsePayRequest(input())).toEqual({
      bookingId: '0190a0b0-0000-7000-8000-000000000001',
      paymentMethod: 'credit_card',
      paymentToken: '',
      idempotencyKey: undefined,
    });
  });

  it('lists every bad field at once', () => {
    expect(() => parsePayRequest(input({ bookingId: 'x', paymentMethod: 'cash', idempotencyKey: 'é' }))).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [
          expect.objectContaining({ field: 'booking_id' }),
          expect.objectContaining({ field: 'payment_method' }),
          expect.objectContaining({ field: 'idempotency_key' }),
        ],
      }),
    );
  });
});

describe('payRequestFingerprint', () => {
  it('tells requests apart by booking, method and token, not by the key', () => {
    const base = payRequestFingerprint(parsePayRequest(input({ idempotencyKey: 'a' })));
    expect(payRequestFingerprint(parsePayRequest(input({ idempotencyKey: 'b' })))).toBe(base);
    expect(payRequestFingerprint(parsePayRequest(input({ paymentMethod: 'e_wallet' })))).not.toBe(base);
    expect(payRequestFingerprint(parsePayRequest(input({ paymentToken: 'tok_decline' })))).not.toBe(base);
  });
});
