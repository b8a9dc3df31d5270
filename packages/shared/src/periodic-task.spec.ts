import pino from 'pino';
import { startPeriodicTask } from './periodic-task';

const logger = pino({ level: 'silent' });

describe('startPeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on every tick, never twice at once, and stop waits for the run in flight', async () => {
    let finish: () => void = () => undefined;
    const run = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const task = startPeriodicTask({ name: 'test task', intervalMs: 1000, run, logger });

    jest.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    jest.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('survives a failed run and tries again at the next tick', async () => {
    const run = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue(undefined);
    const task = startPeriodicTask({ name: 'test task', intervalMs: 1000, run, logger });
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    await task.stop();
  });
});
