import { createSingleFlight } from './single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('single flight', () => {
  it('runs the work once for concurrent callers of one key and gives them all its result', async () => {
    const flights = createSingleFlight();
    const load = deferred<string>();
    let runs = 0;
    const work = () => {
      runs += 1;
      return load.promise;
    };
    const callers = [flights.run('k', work), flights.run('k', work), flights.run('k', work)];
    load.resolve('loaded');
    await expect(Promise.all(callers)).resolves.toEqual(['loaded', 'loaded', 'loaded']);
    expect(runs).toBe(1);
  });

  it('keeps keys apart', async () => {
    const flights = createSingleFlight();
    const results = await Promise.all([flights.run('a', async () => 'A'), flights.run('b', async () => 'B')]);
    expect(results).toEqual(['A', 'B']);
  });

  it('shares a failure with the callers that waited, then lets the next caller try again', async () => {
    const flights = createSingleFlight();
    const load = deferred<string>();
    const first = flights.run('k', () => load.promise);
    const second = flights.run('k', async () => 'never runs');
    load.reject(new Error('postgres down'));
    await expect(first).rejects.toThrow('postgres down');
    await expect(second).rejects.toThrow('postgres down');
    await nextTurn();
    await expect(flights.run('k', async () => 'recovered')).resolves.toBe('recovered');
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flights = createSingleFlight();
    const work = (): Promise<string> => {
      throw new Error('sync');
    };
    await expect(flights.run('k', work)).rejects.toThrow('sync');
  });

  it('still lets a caller join in the same turn as the result, and runs again on a later turn', async () => {
    const flights = createSingleFlight();
    let runs = 0;
    const work = async () => ++runs;
    const first = await flights.run('k', work);
    // Same turn of the event loop as the settlement: the finished flight is still shared.
    const joined = await flights.run('k', work);
    await nextTurn();
    const later = await flights.run('k', work);
    expect([first, joined, later]).toEqual([1, 1, 2]);
  });
});
