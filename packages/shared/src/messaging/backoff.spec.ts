import { backoffDelay, createAlarm, sleep } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelay(attempt, 200, 1_000))).toEqual([200, 400, 800, 1_000, 1_000]);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, 200, 1_000)).toBe(200);
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('createAlarm', () => {
  it('wakes a waiter when rung', async () => {
    const alarm = createAlarm();
    const started = Date.now();
    const waiting = alarm.wait(60_000);
    alarm.ring();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('remembers a ring that came while nobody waited, once', async () => {
    jest.useFakeTimers();
    try {
      const alarm = createAlarm();
      alarm.ring();
      await alarm.wait(60_000); // returns at once: the ring was remembered
      let second = false;
      const waiting = alarm.wait(100).then(() => {
        second = true;
      });
      await Promise.resolve();
      expect(second).toBe(false); // the remembered ring was used up by the first wait
      jest.advanceTimersByTime(100);
      await waiting;
      expect(second).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
