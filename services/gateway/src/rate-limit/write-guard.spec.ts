import { createMemoryCounter, RateLimitedError } from '@ticres/shared';
import { createWriteGuard } from './write-guard';

describe('write guard', () => {
  it('allows the limit of writes per user per window, then refuses that user only', async () => {
    const guard = createWriteGuard(createMemoryCounter({ windowMs: 60_000 }), 3);
    for (let i = 0; i < 3; i += 1) await guard.consume('user-1');
    await expect(guard.consume('user-1')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(guard.consume('user-2')).resolves.toBeUndefined();
  });
});
