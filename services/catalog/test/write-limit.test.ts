import { newId } from '@ticres/shared';
import { countedWrites, outcomeOf } from '@ticres/shared/testing';
import { startTestStack, type TestStack } from './support/stack';

const WRITE_LIMIT_PER_USER = 3;

/**
 * Catalog's own write limit, over real gRPC and real Redis: what an organizer or admin calling
 * catalog's port directly meets, without the gateway. A day's window (it starts at 00:00 UTC), so
 * only a run that crosses midnight UTC can see its counts start again.
 */
describe('CatalogService write limit (WRITE_LIMIT_PER_USER)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ WRITE_LIMIT_PER_USER: String(WRITE_LIMIT_PER_USER), WRITE_LIMIT_WINDOW_SECONDS: '86400' });
  });
  afterAll(() => stack?.stop());

  const create = (token: string) => outcomeOf(stack.catalog.call.CreateEvent({ name: '', location: '', starts_at: '', sections: [] }, { token }));
  const update = (token: string) => outcomeOf(stack.catalog.call.UpdateEvent({ id: newId(), name: 'Renamed' }, { token }));
  const cancel = (token: string) => outcomeOf(stack.catalog.call.CancelEvent({ id: newId(), reason: 'why not' }, { token }));

  it('refuses a person past the limit with RATE_LIMITED and a wait, whichever write they make; another person is not held back', async () => {
    const admin = await stack.signUp('admin');
    const answers = [
      await create(admin.token),
      await update(admin.token),
      await cancel(admin.token),
      await create(admin.token),
      await cancel(admin.token),
    ];
    expect(answers).toEqual(['VALIDATION_FAILED', 'NOT_FOUND', 'NOT_FOUND', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Counted in Redis, where every replica (and every service sharing the prefix) reads the same count.
    expect(await countedWrites(stack.catalogConfig.WRITE_LIMIT_KEY_PREFIX, admin.userId)).toBe(answers.length);

    const organizer = await stack.signUp('organizer');
    expect(await update(organizer.token)).toBe('NOT_FOUND');
  });

  it('never counts a service token: refused as no person, never as over the limit', async () => {
    const token = await stack.serviceToken();
    const answers = [];
    for (let call = 0; call < WRITE_LIMIT_PER_USER + 2; call += 1) answers.push(await create(token));
    expect(answers).toEqual(Array(WRITE_LIMIT_PER_USER + 2).fill('UNAUTHENTICATED'));
    expect(await countedWrites(stack.catalogConfig.WRITE_LIMIT_KEY_PREFIX, 'service:notifier')).toBe(0);
  });
});
