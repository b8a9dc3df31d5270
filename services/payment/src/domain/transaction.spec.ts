import {
  canTransitionRefund,
  canTransitionTransaction,
  refundStatusesBefore,
  transactionStatusesBefore,
  transactionToShow,
  TRANSACTION_STATUSES,
} from './transaction';

describe('the transaction state machine', () => {
  it('allows PENDING -> SUCCEEDED | FAILED and SUCCEEDED -> REFUNDED only', () => {
    const allowed = TRANSACTION_STATUSES.flatMap((from) =>
      TRANSACTION_STATUSES.filter((to) => canTransitionTransaction(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed.sort()).toEqual(['PENDING->FAILED', 'PENDING->SUCCEEDED', 'SUCCEEDED->REFUNDED']);
  });

  it('refuses going back, refunding what never succeeded, and leaving a final state', () => {
    expect(canTransitionTransaction('SUCCEEDED', 'PENDING')).toBe(false);
    expect(canTransitionTransaction('PENDING', 'REFUNDED')).toBe(false);
    expect(canTransitionTransaction('FAILED', 'REFUNDED')).toBe(false);
    expect(canTransitionTransaction('FAILED', 'SUCCEEDED')).toBe(false);
    expect(canTransitionTransaction('REFUNDED', 'SUCCEEDED')).toBe(false);
  });

  it('names what each conditional update expects', () => {
    expect(transactionStatusesBefore('SUCCEEDED')).toEqual(['PENDING']);
    expect(transactionStatusesBefore('REFUNDED')).toEqual(['SUCCEEDED']);
    expect(transactionStatusesBefore('PENDING')).toEqual([]);
  });
});

describe('the refund state machine', () => {
  it('allows PENDING -> COMPLETED | FAILED and an admin`s FAILED -> PENDING only', () => {
    expect(canTransitionRefund('PENDING', 'COMPLETED')).toBe(true);
    expect(canTransitionRefund('PENDING', 'FAILED')).toBe(true);
    expect(canTransitionRefund('FAILED', 'PENDING')).toBe(true);
    expect(canTransitionRefund('COMPLETED', 'PENDING')).toBe(false);
    expect(canTransitionRefund('FAILED', 'COMPLETED')).toBe(false);
    expect(canTransitionRefund('COMPLETED', 'FAILED')).toBe(false);
    expect(refundStatusesBefore('COMPLETED')).toEqual(['PENDING']);
    expect(refundStatusesBefore('PENDING')).toEqual(['FAILED']);
  });
});

describe('transactionToShow', () => {
  it('shows the successful transaction over newer failed ones, else the newest', () => {
    expect(transactionToShow([{ status: 'FAILED' as const }, { status: 'REFUNDED' as const }, { status: 'FAILED' as const }])).toEqual({
      status: 'REFUNDED',
    });
    const newest = { status: 'FAILED' as const };
    expect(transactionToShow([newest, { status: 'PENDING' as const }])).toBe(newest);
    expect(transactionToShow([])).toBeUndefined();
  });
});
