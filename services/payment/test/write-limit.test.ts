import { newId } from '@ticres/shared';
import { countedWrites, outcomeOf } from '@ticres/shared/testing';
import { startPaymentStack, type PaymentStack } from './support/payment-stack';

const WRITE_LIMIT_PER_USER = 3;

/**
 * Payment's own write limit, over real gRPC and real Redis: what a person calling payment's port
 * directly meets, without the gateway. A day's window (it starts at 00:00 UTC), so only a run
 * that crosses midnight UTC can see its counts start again.
 */
describe('PaymentService write limit (WRITE_LIMIT_PER_USER)', () => {
  let stack: PaymentStack;

  beforeAll(async () => {
    stack = await startPaymentStack({ WRITE_LIMIT_PER_USER: String(WRITE_LIMIT_PER_USER), WRITE_LIMIT_WINDOW_SECONDS: '86400' });
  });
  afterAll(() => stack?.stop());

  const pay = (token: string) => outcomeOf(stack.client.call.Pay({ booking_id: newId(), payment_method: 'credit_card' }, { token }));
  const retryRefund = (token: string) => outcomeOf(stack.client.call.RetryRefund({ id: newId() }, { token }));

  it('refuses a person past the limit with RATE_LIMITED and a wait, payments and refund retries alike; another person is not held back', async () => {
    const { alice, boss } = stack.tokens;
    const answers = [await pay(alice), await pay(alice), await retryRefund(alice), await pay(alice), await retryRefund(alice)];
    expect(answers).toEqual(['NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Counted in Redis, where every replica (and every service sharing the prefix) reads the same count.
    expect(await countedWrites(stack.writeLimitPrefix, stack.ids.alice)).toBe(answers.length);

    expect(await retryRefund(boss)).toBe('NOT_FOUND');
  });

  it('never counts a service token: refused as no person, never as over the limit', async () => {
    const answers = [];
    for (let call = 0; call < WRITE_LIMIT_PER_USER + 2; call += 1) answers.push(await pay(stack.serviceToken));
    expect(answers).toEqual(Array(WRITE_LIMIT_PER_USER + 2).fill('UNAUTHENTICATED'));
    expect(await countedWrites(stack.writeLimitPrefix, 'service:payment')).toBe(0);
  });
});
