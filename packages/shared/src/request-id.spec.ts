import { currentRequestId, isWellFormedRequestId, requestIdOf, withRequestId } from './request-id';

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('request ids', () => {
  it('keeps a well-formed X-Request-Id', () => {
    expect(requestIdOf({ 'x-request-id': 'lb-7f3a:42', traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` })).toBe('lb-7f3a:42');
  });

  it.each([['a b'], ['x'.repeat(129)], ['line\nbreak'], [''], [['two', 'values']]])('refuses %j and falls back', (given) => {
    expect(isWellFormedRequestId(given)).toBe(false);
    expect(requestIdOf({ 'x-request-id': given })).toMatch(UUID);
  });

  it('takes the trace id of a valid traceparent, not of an all-zero or malformed one', () => {
    expect(requestIdOf({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` })).toBe(TRACE_ID);
    expect(requestIdOf({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toMatch(UUID);
    expect(requestIdOf({ traceparent: 'garbage' })).toMatch(UUID);
  });

  it('makes a fresh random id for each request without one', () => {
    const first = requestIdOf({});
    expect(first).toMatch(UUID);
    expect(requestIdOf({})).not.toBe(first);
  });

  it('is the current request id inside withRequestId only, and only when well-formed', async () => {
    expect(currentRequestId()).toBeUndefined();
    await withRequestId('req-1', async () => {
      await Promise.resolve();
      expect(currentRequestId()).toBe('req-1');
    });
    expect(currentRequestId()).toBeUndefined();
    withRequestId('not ok', () => expect(currentRequestId()).toBeUndefined());
  });
});
