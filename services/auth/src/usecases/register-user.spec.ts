import { OverloadedError } from '@ticres/shared';
import type { User } from '../domain/user';
import type { PasswordWork } from './password-work';
import { createRegisterUser, type NewUserRecord } from './register-user';

describe('registerUser', () => {
  const now = new Date('2030-01-01T00:00:00Z');

  function setUp(passwordWork: PasswordWork = (work) => work()) {
    const inserted: NewUserRecord[] = [];
    const hashed: string[] = [];
    const registerUser = createRegisterUser({
      users: {
        insert: async (record): Promise<User> => {
          inserted.push(record);
          const { passwordHash: _hash, ...user } = record;
          return { ...user, tokenVersion: 0 };
        },
      },
      hashPassword: async (password) => {
        hashed.push(password);
        return `hash-of:${password}`;
      },
      passwordWork,
      now: () => now,
    });
    return { registerUser, inserted, hashed };
  }

  it('stores a normalised customer with the hash, never the password', async () => {
    const { registerUser, inserted, hashed } = setUp();
    const user = await registerUser({ name: '  Ada ', email: ' Ada@Example.com ', password: 'correct horse' });

    expect(user).toMatchObject({ name: 'Ada', email: 'Ada@Example.com', role: 'customer', createdAt: now });
    expect(hashed).toEqual(['correct horse']);
    expect(inserted).toEqual([
      { id: user.id, name: 'Ada', email: 'Ada@Example.com', passwordHash: 'hash-of:correct horse', role: 'customer', createdAt: now },
    ]);
    expect(JSON.stringify(inserted)).not.toContain('"correct horse"');
  });

  it('hashes and stores nothing when a field is invalid', async () => {
    const { registerUser, inserted, hashed } = setUp();
    await expect(registerUser({ name: 'Ada', email: 'ada@example.com', password: 'short' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(hashed).toEqual([]);
    expect(inserted).toEqual([]);
  });

  it('when the password queue refuses, answers OVERLOADED having hashed and stored nothing', async () => {
    const deadlines: number[] = [];
    const { registerUser, inserted, hashed } = setUp((_work, deadline) => {
      deadlines.push(deadline);
      return Promise.reject(new OverloadedError(2));
    });
    await expect(registerUser({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' }, 9_999)).rejects.toBeInstanceOf(OverloadedError);
    expect(deadlines).toEqual([9_999]);
    expect({ hashed, inserted }).toEqual({ hashed: [], inserted: [] });
  });
});
