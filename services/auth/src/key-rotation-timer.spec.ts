import { createLogger } from '@ticres/shared';
import { rotationCheckIntervalMs, startKeyRotationTimer } from './key-rotation-timer';

const logger = createLogger({ service: 'auth-test', level: 'silent' });

describe('rotationCheckIntervalMs', () => {
  it('is a tenth of the rotation period, at most an hour', () => {
    expect(rotationCheckIntervalMs(600)).toBe(60_000);
    expect(rotationCheckIntervalMs(7 * 86_400)).toBe(3_600_000);
  });
});

describe('startKeyRotationTimer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('rotates on every tick, never twice at once, and stop waits for the run in flight', async () => {
    let finish: () => void = () => undefined;
    const rotate = jest.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const timer = startKeyRotationTimer(rotate, 1000, logger);

    jest.advanceTimersByTime(1000);
    expect(rotate).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(rotate).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = timer.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    jest.advanceTimersByTime(5000);
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('survives a failed rotation and tries again at the next tick', async () => {
    const rotate = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue(undefined);
    const timer = startKeyRotationTimer(rotate, 1000, logger);
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(1000);
    expect(rotate).toHaveBeenCalledTimes(2);
    await timer.stop();
  });
});
