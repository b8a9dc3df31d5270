import { newId } from '@ticres/shared';
import { judgePayment, type PayableState } from './payment';

const transactionId = newId();
const state = (overrides: Partial<PayableState>): PayableState => ({ status: 'PENDING', transactionId: null, eventCancelled: false, ...overrides });

describe('judgePayment', () => {
  it('confirms a pending booking of a live event', () => {
    expect(judgePayment(state({}), transactionId)).toEqual({ kind: 'confirm' });
  });

  it('refuses the money for a booking that can no longer be confirmed, naming why', () => {
    expect(judgePayment(state({ status: 'EXPIRED' }), transactionId)).toEqual({ kind: 'reject', reason: 'expired' });
    expect(judgePayment(state({ status: 'CANCELLED' }), transactionId)).toEqual({ kind: 'reject', reason: 'cancelled' });
    expect(judgePayment(state({ eventCancelled: true }), transactionId)).toEqual({ kind: 'reject', reason: 'event_cancelled' });
    expect(judgePayment(state({ status: 'CANCELLED', eventCancelled: true }), transactionId)).toEqual({ kind: 'reject', reason: 'event_cancelled' });
  });

  it('treats the paying transaction again as applied, and any other as a second capture', () => {
    for (const status of ['PAID', 'REFUNDED'] as const) {
      expect(judgePayment(state({ status, transactionId }), transactionId)).toEqual({ kind: 'already_applied' });
      expect(judgePayment(state({ status, transactionId: newId() }), transactionId)).toEqual({ kind: 'reject', reason: 'already_paid' });
      expect(judgePayment(state({ status, transactionId: newId(), eventCancelled: true }), transactionId)).toEqual({
        kind: 'reject',
        reason: 'already_paid',
      });
    }
  });
});
