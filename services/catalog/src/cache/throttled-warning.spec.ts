import { createLogger } from '@ticres/shared';
import { createThrottledWarning } from './throttled-warning';

function setUp() {
  const logger = createLogger({ service: 'catalog-test', level: 'silent' });
  const warn = jest.spyOn(logger, 'warn');
  let now = 0;
  const sut = createThrottledWarning(logger, 1_000, () => now);
  return { warn, sut, at: (ms: number) => (now = ms) };
}

describe('throttled warning', () => {
  const error = new Error('ECONNREFUSED');

  it('logs the first failure, swallows repeats within the interval, then logs with their count', () => {
    const { warn, sut, at } = setUp();
    sut(error, 'cache unavailable');
    at(500);
    sut(error, 'cache unavailable');
    sut(error, 'cache unavailable');
    at(1_000);
    sut(error, 'cache unavailable');

    expect(warn.mock.calls).toEqual([
      [{ err: error, suppressed: 0 }, 'cache unavailable'],
      [{ err: error, suppressed: 2 }, 'cache unavailable'],
    ]);
  });

  it('throttles each message on its own', () => {
    const { warn, sut } = setUp();
    sut(error, 'cache unavailable');
    sut(error, 'cache invalidation failed');
    sut(error, 'cache unavailable');
    expect(warn.mock.calls.map(([, message]) => message)).toEqual(['cache unavailable', 'cache invalidation failed']);
  });
});
