import { createFailureWindow } from './failure-window';

describe('failure window', () => {
  let clock = 0;
  const sut = () => createFailureWindow({ limit: 3, windowMs: 60_000, now: () => clock });
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('blocks a key after `limit` failures until its window ends, and no other key', () => {
    const window = sut();
    for (let i = 0; i < 2; i += 1) window.recordFailure('10.0.0.1');
    expect(window.blockedForMs('10.0.0.1')).toBe(0);
    clock += 1_000;
    window.recordFailure('10.0.0.1');
    expect(window.blockedForMs('10.0.0.1')).toBe(59_000);
    expect(window.blockedForMs('10.0.0.2')).toBe(0);
    clock += 59_000;
    expect(window.blockedForMs('10.0.0.1')).toBe(0);
  });
});
