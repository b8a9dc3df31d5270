import { newId, type Principal } from '@ticres/shared';
import type { User } from '../domain/user';
import { createGetUser } from './get-user';

const now = new Date('2030-01-01T00:00:00Z');
const customer: User = { id: newId(), name: 'Cus', email: 'cus@example.com', role: 'customer', createdAt: now, tokenVersion: 0 };
const other: User = { id: newId(), name: 'Oth', email: 'oth@example.com', role: 'customer', createdAt: now, tokenVersion: 0 };
const admin: User = { id: newId(), name: 'Adm', email: 'adm@example.com', role: 'admin', createdAt: now, tokenVersion: 0 };
const as = (user: User): Principal => ({ userId: user.id, role: user.role });

const getUser = createGetUser({ users: { findById: async (id) => [customer, other, admin].find((u) => u.id === id) } });

describe('getUser', () => {
  it('returns the caller for an empty id', async () => {
    await expect(getUser(as(customer), '')).resolves.toEqual(customer);
  });

  it('returns the caller for their own id', async () => {
    await expect(getUser(as(customer), customer.id)).resolves.toEqual(customer);
  });

  it('refuses another user to a non-admin', async () => {
    await expect(getUser(as(customer), other.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('returns another user to an admin', async () => {
    await expect(getUser(as(admin), other.id)).resolves.toEqual(other);
  });

  it('refuses a service token as UNAUTHENTICATED: it is no user', async () => {
    await expect(getUser({ userId: 'service:notifier', role: 'service' }, customer.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    await expect(getUser(as(admin), newId())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers VALIDATION_FAILED for a malformed id', async () => {
    await expect(getUser(as(admin), 'not-a-uuid')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id' }] });
  });
});
