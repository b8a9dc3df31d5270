import { AppError, RateLimitedError, type ErrorCode } from '@ticres/shared';
import { fakeBooking, fakePayment } from '../../test/support/fake-clients';
import { BOOKING_ID, BOOKING_JSON, bookingMessage, REFUND_JSON, refundMessage, TRANSACTION_JSON, transactionMessage } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';

const pay = async () => transactionMessage();
const rejectWith =
  (code: ErrorCode, detail = 'x') =>
  () =>
    Promise.reject(new AppError(code, detail));

describe('POST /api/v1/payments', () => {
  const url = '/api/v1/payments';

  it('pays: 201 {data: transaction}, the token forwarded, no payment token or idempotency key', async () => {
    const sut = await buildTestApp({ payment: fakePayment({ Pay: pay }) });
    const token = await sut.token();
    const res = await sut.request({
      method: 'POST',
      url,
      body: { booking_id: BOOKING_ID, payment_method: 'credit_card' },
      token,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ data: TRANSACTION_JSON });
    expect(sut.payment.Pay).toHaveBeenCalledWith(
      { booking_id: BOOKING_ID, payment_method: 'credit_card', payment_token: '', idempotency_key: '' },
      { token },
    );
    await sut.app.close();
  });

  it.each(['bank_transfer', 'e_wallet'])('passes %s, the payment token and the Idempotency-Key header on', async (method) => {
    const sut = await buildTestApp({ payment: fakePayment({ Pay: pay }) });
    const token = await sut.token();
    const res = await sut.request({
      method: 'POST',
      url,
      body: { booking_id: BOOKING_ID, payment_method: method, payment_token: 'tok_decline' },
      headers: { 'idempotency-key': 'pay 7f3a/1' },
      token,
    });
    expect(res.statusCode).toBe(201);
    expect(sut.payment.Pay).toHaveBeenCalledWith(
      {
        booking_id: BOOKING_ID,
        payment_method: method,
        payment_token: 'tok_decline',
        idempotency_key: 'pay 7f3a/1',
      },
      { token },
    );
    await sut.app.close();
  });

  it('answers an external id the provider has not given yet as null', async () => {
    const sut = await buildTestApp({
      payment: fakePayment({ Pay: async () => transactionMessage({ external_id: '' }) }),
    });
    const res = await sut.request({
      method: 'POST',
      url,
      body: { booking_id: BOOKING_ID, payment_method: 'e_wallet' },
      token: await sut.token(),
    });
    expect(res.json().data.external_id).toBeNull();
    await sut.app.close();
  });

  it.each<[ErrorCode, number]>([
    ['NOT_FOUND', 404],
    ['PAYMENT_DECLINED', 402],
    ['ALREADY_PAID', 409],
    ['CONFLICT', 409],
    ['IDEMPOTENCY_IN_PROGRESS', 409],
    ['BOOKING_EXPIRED', 410],
    ['IDEMPOTENCY_KEY_REUSED', 422],
    ['UNAVAILABLE', 503],
  ])('maps payment’s %s to %i problem+json with its message', async (code, status) => {
    const detail = `payment said ${code}`;
    const sut = await buildTestApp({ payment: fakePayment({ Pay: rejectWith(code, detail) }) });
    const res = await sut.request({
      method: 'POST',
      url,
      body: { booking_id: BOOKING_ID, payment_method: 'credit_card' },
      token: await sut.token(),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code, detail, status });
    await sut.app.close();
  });

  it.each<[string, unknown, string[]]>([
    ['an empty body', {}, ['booking_id', 'payment_method']],
    ['a booking_id that is not a UUID', { booking_id: 'b-1', payment_method: 'credit_card' }, ['booking_id']],
    ['an unknown payment method', { booking_id: BOOKING_ID, payment_method: 'cash' }, ['payment_method']],
    ['an empty payment token', { booking_id: BOOKING_ID, payment_method: 'e_wallet', payment_token: '' }, ['payment_token']],
    ['a payment token over 255 characters', { booking_id: BOOKING_ID, payment_method: 'e_wallet', payment_token: 't'.repeat(256) }, ['payment_token']],
    ['a payment token that is a number', { booking_id: BOOKING_ID, payment_method: 'e_wallet', payment_token: 4242 }, ['payment_token']],
    ['an amount (the booking decides it)', { booking_id: BOOKING_ID, payment_method: 'e_wallet', amount_cents: 1 }, ['amount_cents']],
  ])('refuses %s with 400 naming the fields', async (_name, body, fields) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'POST', url, body, token: await sut.token() });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(sut.payment.Pay).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it('accepts a 200-character payment token', async () => {
    const sut = await buildTestApp({ payment: fakePayment({ Pay: pay }) });
    const res = await sut.request({
      method: 'POST',
      url,
      body: { booking_id: BOOKING_ID, payment_method: 'e_wallet', payment_token: 't'.repeat(200) },
      token: await sut.token(),
    });
    expect(res.statusCode).toBe(201);
    await sut.app.close();
  });

  it.each([
    ['empty', ''],
    ['over 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'schlüssel'],
  ])('refuses an Idempotency-Key that is %s with 400 naming the header', async (_name, key) => {
    const sut = await buildTestApp();
    const res = await sut.request({
      method: 'POST',
      url,
      body: { booking_id: BOOKING_ID, payment_method: 'credit_card' },
      headers: { 'idempotency-key': key },
      token: await sut.token(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'idempotency-key', message: expect.any(String) }]);
    expect(sut.payment.Pay).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it('refuses a caller without a token (401) before validating', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'POST', url, body: { junk: true } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    await sut.app.close();
  });

  it("answers payment's write limit (RATE_LIMITED, counted by payment) with 429 and Retry-After", async () => {
    const sut = await buildTestApp({ payment: fakePayment({ Pay: () => Promise.reject(new RateLimitedError(12_000)) }) });
    const res = await sut.request({ method: 'POST', url, body: { booking_id: BOOKING_ID, payment_method: 'credit_card' }, token: await sut.token() });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(res.headers['retry-after']).toBe('12');
    await sut.app.close();
  });
});

describe('GET /api/v1/payments/:booking_id', () => {
  const url = `/api/v1/payments/${BOOKING_ID}`;
  const getBooking = async () => bookingMessage();

  it('answers a booking nothing was charged for (payment’s NOT_FOUND) with null transaction and refund', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: getBooking }),
      payment: fakePayment({ GetPaymentStatus: rejectWith('NOT_FOUND', 'No payment for that booking.') }),
    });
    const token = await sut.token();
    const res = await sut.request({ method: 'GET', url, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { booking: BOOKING_JSON, transaction: null, refund: null } });
    expect(sut.booking.GetBooking).toHaveBeenCalledWith({ id: BOOKING_ID }, { token });
    expect(sut.payment.GetPaymentStatus).toHaveBeenCalledWith({ booking_id: BOOKING_ID }, { token });
    await sut.app.close();
  });

  it('answers a status without a transaction or refund with nulls', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: getBooking }),
      payment: fakePayment({ GetPaymentStatus: async () => ({ booking_id: BOOKING_ID, transaction: null }) }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token() });
    expect(res.json()).toEqual({ data: { booking: BOOKING_JSON, transaction: null, refund: null } });
    await sut.app.close();
  });

  it('answers a paid booking with its transaction and no refund', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: async () => bookingMessage({ status: 'PAID', expires_at: '' }) }),
      payment: fakePayment({
        GetPaymentStatus: async () => ({ booking_id: BOOKING_ID, transaction: transactionMessage(), refund: null }),
      }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      data: {
        booking: { ...BOOKING_JSON, status: 'PAID', expires_at: null },
        transaction: TRANSACTION_JSON,
        refund: null,
      },
    });
    await sut.app.close();
  });

  it('answers a refunded booking with its REFUNDED transaction and the COMPLETED refund', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: async () => bookingMessage({ status: 'REFUNDED', expires_at: '' }) }),
      payment: fakePayment({
        GetPaymentStatus: async () => ({
          booking_id: BOOKING_ID,
          transaction: transactionMessage({ status: 'REFUNDED' }),
          refund: refundMessage(),
        }),
      }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token() });
    expect(res.json()).toEqual({
      data: {
        booking: { ...BOOKING_JSON, status: 'REFUNDED', expires_at: null },
        transaction: { ...TRANSACTION_JSON, status: 'REFUNDED' },
        refund: REFUND_JSON,
      },
    });
    await sut.app.close();
  });

  it.each<[string, () => Promise<never>]>([
    ['payment answers NOT_FOUND too', rejectWith('NOT_FOUND')],
    ['payment is down', rejectWith('UNAVAILABLE')],
  ])('answers 404 for a booking that is not the caller’s (booking’s NOT_FOUND) when %s', async (_name, status) => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: rejectWith('NOT_FOUND', 'No such booking.') }),
      payment: fakePayment({ GetPaymentStatus: status }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token() });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'No such booking.' });
    await sut.app.close();
  });

  it('answers 503 when payment is down, rather than a booking that looks unpaid', async () => {
    const sut = await buildTestApp({
      booking: fakeBooking({ GetBooking: getBooking }),
      payment: fakePayment({ GetPaymentStatus: rejectWith('UNAVAILABLE', 'payment unreachable') }),
    });
    const res = await sut.request({ method: 'GET', url, token: await sut.token() });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
    await sut.app.close();
  });

  it('validates the booking id and wants a token', async () => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'GET', url: '/api/v1/payments/abc', token: await sut.token() });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'booking_id', message: 'must match format "uuid"' }]);
    expect((await sut.request({ method: 'GET', url })).statusCode).toBe(401);
    expect(sut.booking.GetBooking).not.toHaveBeenCalled();
    expect(sut.payment.GetPaymentStatus).not.toHaveBeenCalled();
    await sut.app.close();
  });
});
