import { AppError, OverloadedError } from '@ticres/shared';
import { createInFlightBound } from './in-flight-bound';

/** A call the test answers by hand. */
function pending() {
  let settle!: { resolve: (value: string) => void; reject: (error: unknown) => void };
  const promise = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { call: jest.fn(() => promise), ...settle };
}

async function refusalOf(promise: Promise<unknown>): Promise<OverloadedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OverloadedError)) throw new Error(`expected an OverloadedError, got ${String(error)}`);
  return error;
}

describe('in-flight bound', () => {
  it('refuses at once, without calling, while `max` calls are in flight, and calls again once one is answered', async () => {
    const bound = createInFlightBound(2, 'Too many logins');
    const [a, b, c, d] = [pending(), pending(), pending(), pending()];
    const answers = [bound.run(a.call), bound.run(b.call)];
    const refused = await refusalOf(bound.run(c.call));
    expect(refused).toMatchObject({ code: 'OVERLOADED', retryAfterSeconds: 1 });
    expect(refused.message).toContain('Too many logins');
    expect(c.call).not.toHaveBeenCalled();

    a.resolve('a');
    await expect(answers[0]).resolves.toBe('a');
    const afterwards = bound.run(d.call);
    expect(d.call).toHaveBeenCalled();
    b.resolve('b');
    d.resolve('d');
    await expect(Promise.all([answers[1], afterwards])).resolves.toEqual(['b', 'd']);
  });

  it('frees the place of a call that fails', async () => {
    const bound = createInFlightBound(1, 'Too many logins');
    await expect(bound.run(() => Promise.reject(new AppError('INVALID_CREDENTIALS', 'no')))).rejects.toThrow('no');
    await expect(bound.run(async () => 'next')).resolves.toBe('next');
  });

  it('tells the refused to come back when the service last said its queue would have drained', async () => {
    let clock = 1_000_000;
    const bound = createInFlightBound(1, 'Too many logins', () => clock);
    await refusalOf(bound.run(() => Promise.reject(new OverloadedError(7))));
    const running = pending();
    const inFlight = bound.run(running.call);
    await expect(refusalOf(bound.run(async () => 'never'))).resolves.toMatchObject({ retryAfterSeconds: 7 });
    clock += 5_000;
    await expect(refusalOf(bound.run(async () => 'never'))).resolves.toMatchObject({ retryAfterSeconds: 2 });
    clock += 60_000;
    await expect(refusalOf(bound.run(async () => 'never'))).resolves.toMatchObject({ retryAfterSeconds: 1 });
    running.resolve('done');
    await inFlight;
  });
});
