import { AppError } from '@ticres/shared';
import { fakePayment } from '../../test/support/fake-clients';
import { REFUND_ID, REFUND_JSON, refundMessage } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';

const failedRefund = refundMessage({ status: 'FAILED', attempts: 20, last_error: 'provider unavailable' });
const FAILED_REFUND_JSON = {
  ...REFUND_JSON,
  status: 'FAILED',
  attempts: 20,
  last_error: 'provider unavailable',
  updated_at: '2026-01-03T10:00:05.000Z',
};

describe('GET /api/v1/admin/refunds', () => {
  it('lists the refunds of a status, with the count in meta.total', async () => {
    const sut = await buildTestApp({
      payment: fakePayment({ ListRefunds: async () => ({ refunds: [failedRefund], total: 41, page: 2, limit: 20 }) }),
    });
    const token = await sut.token({ role: 'admin' });
    const res = await sut.request({ method: 'GET', url: '/api/v1/admin/refunds?status=FAILED&page=2', token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: [FAILED_REFUND_JSON], meta: { total: 41, page: 2, limit: 20, has_more: true } });
    expect(sut.payment.ListRefunds).toHaveBeenCalledWith({ status: 'FAILED', page: 2, limit: 20 }, { token });

    await sut.request({ method: 'GET', url: '/api/v1/admin/refunds?limit=500', token });
    expect(sut.payment.ListRefunds).toHaveBeenLastCalledWith({ status: '', page: 1, limit: 100 }, { token });
    await sut.app.close();
  });

  it.each([
    ['status=failed', 'status'],
    ['page=0', 'page'],
    ['transaction_id=x', 'transaction_id'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const sut = await buildTestApp();
    const res = await sut.request({ method: 'GET', url: `/api/v1/admin/refunds?${query}`, token: await sut.token({ role: 'admin' }) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field })] });
    expect(sut.payment.ListRefunds).not.toHaveBeenCalled();
    await sut.app.close();
  });

  it('refuses a customer with 403 and no token with 401', async () => {
    const sut = await buildTestApp();
    expect((await sut.request({ method: 'GET', url: '/api/v1/admin/refunds', token: await sut.token() })).statusCode).toBe(403);
    expect((await sut.request({ method: 'GET', url: '/api/v1/admin/refunds' })).statusCode).toBe(401);
    expect(sut.payment.ListRefunds).not.toHaveBeenCalled();
    await sut.app.close();
  });
});

describe('POST /api/v1/admin/refunds/:id/retry', () => {
  const url = `/api/v1/admin/refunds/${REFUND_ID}/retry`;

  it('retries the refund and answers it as the attempt left it', async () => {
    const sut = await buildTestApp({ payment: fakePayment({ RetryRefund: async () => refundMessage({ status: 'COMPLETED' }) }) });
    const token = await sut.token({ role: 'admin' });
    const res = await sut.request({ method: 'POST', url, token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { ...REFUND_JSON, attempts: 0, last_error: null, updated_at: '2026-01-03T10:00:05.000Z' } });
    expect(sut.payment.RetryRefund).toHaveBeenCalledWith({ id: REFUND_ID }, { token });
    await sut.app.close();
  });

  it.each([
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
  ] as const)('maps payment`s %s to %d problem+json', async (code, status) => {
    const sut = await buildTestApp({ payment: fakePayment({ RetryRefund: () => Promise.reject(new AppError(code, 'No.')) }) });
    const res = await sut.request({ method: 'POST', url, token: await sut.token({ role: 'admin' }) });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code });
    await sut.app.close();
  });

  it('refuses a bad id with 400 and a customer with 403', async () => {
    const sut = await buildTestApp();
    const bad = await sut.request({ method: 'POST', url: '/api/v1/admin/refunds/42/retry', token: await sut.token({ role: 'admin' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'id' })] });
    expect((await sut.request({ method: 'POST', url, token: await sut.token() })).statusCode).toBe(403);
    expect(sut.payment.RetryRefund).not.toHaveBeenCalled();
    await sut.app.close();
  });
});
