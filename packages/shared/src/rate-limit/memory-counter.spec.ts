import { createMemoryCounter } from './memory-counter';

describe('memory fixed-window counter', () => {
  const windowMs = 60_000;
  const windowStart = 1_700_000_040_000; // a multiple of windowMs

  it('counts per scope and id and reports the time left in the window', async () => {
    const sut = createMemoryCounter({ windowMs, now: () => windowStart + 15_000 });
    expect(await sut.increment('s', 'a')).toEqual({ count: 1, resetInMs: 45_000, window: windowStart / windowMs });
    expect((await sut.increment('s', 'a')).count).toBe(2);
    expect((await sut.increment('s', 'b')).count).toBe(1);
    expect((await sut.increment('t', 'a')).count).toBe(1);
  });

  it('takes a count back, never below zero', async () => {
    const sut = createMemoryCounter({ windowMs, now: () => windowStart });
    await sut.increment('s', 'a');
    await sut.increment('s', 'a');
    const window = windowStart / windowMs;
    await sut.decrement('s', 'a', window);
    await sut.decrement('s', 'b', window);
    expect((await sut.increment('s', 'a')).count).toBe(2);
    expect((await sut.increment('s', 'b')).count).toBe(1);
  });

  it('takes nothing back from a window that has ended', async () => {
    let clock = windowStart;
    const sut = createMemoryCounter({ windowMs, now: () => clock });
    const first = await sut.increment('s', 'a');
    clock = windowStart + windowMs;
    await sut.increment('s', 'a');
    await sut.decrement('s', 'a', first.window);
    expect((await sut.increment('s', 'a')).count).toBe(2);
  });

  it('starts from zero in the next window', async () => {
    let clock = windowStart;
    const sut = createMemoryCounter({ windowMs, now: () => clock });
    await sut.increment('s', 'a');
    await sut.increment('s', 'a');
    clock = windowStart + windowMs - 1;
    expect((await sut.increment('s', 'a')).count).toBe(3);
    clock = windowStart + windowMs;
    expect((await sut.increment('s', 'a')).count).toBe(1);
  });
});
