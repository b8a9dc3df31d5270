import { newId } from '@ticres/shared';
import type { Role } from '../domain/role';
import type { User } from '../domain/user';
import { createSetUserRole } from './set-user-role';

const now = new Date('2030-01-01T00:00:00Z');

function setUp() {
  const target: User = { id: newId(), name: 'T', email: 't@example.com', role: 'customer', createdAt: now, tokenVersion: 0 };
  const updates: { id: string; role: Role; at: Date }[] = [];
  const raised: { userId: string; version: number }[] = [];
  const setUserRole = createSetUserRole({
    users: {
      updateRole: async (id, role, at) => {
        updates.push({ id, role, at });
        return id === target.id ? { ...target, role, tokenVersion: target.tokenVersion + 1 } : undefined;
      },
    },
    revocations: { raiseMinimumVersion: async (userId, version) => void raised.push({ userId, version }) },
    now: () => now,
  });
  return { target, updates, raised, setUserRole };
}

describe('setUserRole', () => {
  const admin = { userId: newId(), role: 'admin' as const };

  it('lets an admin change a role and returns the updated user', async () => {
    const { target, updates, setUserRole } = setUp();
    await expect(setUserRole(admin, { id: target.id, role: 'organizer' })).resolves.toMatchObject({ id: target.id, role: 'organizer' });
    expect(updates).toEqual([{ id: target.id, role: 'organizer', at: now }]);
  });

  it("revokes the user's issued access tokens: the record refuses versions below the new one", async () => {
    const { target, raised, setUserRole } = setUp();
    await setUserRole(admin, { id: target.id, role: 'organizer' });
    expect(raised).toEqual([{ userId: target.id, version: 1 }]);
  });

  it.each(['customer', 'organizer'] as const)('refuses a %s with FORBIDDEN and changes nothing', async (role) => {
    const { target, updates, raised, setUserRole } = setUp();
    await expect(setUserRole({ userId: target.id, role }, { id: target.id, role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(updates).toEqual([]);
    expect(raised).toEqual([]);
  });

  it('lists a malformed id and an unknown role together', async () => {
    const { setUserRole } = setUp();
    await expect(setUserRole(admin, { id: 'x', role: 'root' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        { field: 'id', message: 'must be a UUID' },
        { field: 'role', message: 'must be one of customer, organizer, admin' },
      ],
    });
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    const { setUserRole } = setUp();
    await expect(setUserRole(admin, { id: newId(), role: 'admin' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a service token as UNAUTHENTICATED and changes nothing', async () => {
    const { target, updates, setUserRole } = setUp();
    await expect(setUserRole({ userId: 'service:payment', role: 'service' }, { id: target.id, role: 'admin' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(updates).toEqual([]);
  });
});
