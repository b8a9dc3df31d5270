import { OverloadedError } from '@ticres/shared';
import type { User } from '../domain/user';
import { idlePlace, refusingPlace } from '../../test/support/password-places';
import { createRegisterUser, type NewUserRecord } from './register-user';

describe('registerUser', () => {
  const now = new Date('2030-01-01T00:00:00Z');

  function setUp() {
    const inserted: NewUserRecord[] = [];
    const hashed: string[] = [];
    const registerIn = createRegisterUser({
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
      now: () => now,
    });
    const registerUser = (input: { name: string; email: string; password: string }, place = idlePlace()) => registerIn(input, place);
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
    const { registerUser, inserted, hashed } = setUp();
    const refused = registerUser({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' }, refusingPlace(new OverloadedError(2)));
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    expect({ hashed, inserted }).toEqual({ hashed: [], inserted: [] });
  });
});
