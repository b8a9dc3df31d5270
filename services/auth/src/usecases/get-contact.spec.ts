import { newId, type Principal } from '@ticres/shared';
import type { User } from '../domain/user';
import { createGetContact } from './get-contact';

const user: User = {
  id: newId(),
  name: 'Rosa',
  email: 'Rosa@Example.com',
  role: 'customer',
  createdAt: new Date('2030-01-01T00:00:00Z'),
  tokenVersion: 0,
};
const notifier: Principal = { userId: 'service:notifier', role: 'service' };

const sut = createGetContact({ users: { findById: async (id) => (id === user.id ? user : undefined) } });

describe('getContact', () => {
  it('gives the notifier the name and address of a user', async () => {
    await expect(sut(notifier, user.id)).resolves.toEqual({ userId: user.id, name: 'Rosa', email: 'Rosa@Example.com' });
  });

  it.each(['customer', 'organizer', 'admin'] as const)('refuses a %s with FORBIDDEN, even for their own account', async (role) => {
    await expect(sut({ userId: user.id, role }, user.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses any service but the notifier with FORBIDDEN', async () => {
    await expect(sut({ userId: 'service:payment', role: 'service' }, user.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers NOT_FOUND for an unknown user and VALIDATION_FAILED for a malformed id', async () => {
    await expect(sut(notifier, newId())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sut(notifier, 'nope')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'user_id' }] });
  });
});
