import { AppError, newId } from '@ticres/shared';
import type { RefreshToken } from '../domain/refresh-token';
import type { User } from '../domain/user';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { hashRefreshToken } from '../tokens/refresh-token-secret';
import { createRefreshSession, type RefreshSessionStore } from './refresh-session';
import type { InTransaction } from './transactional';

interface StoredToken extends RefreshToken {
  tokenHash: string;
}

/**
 * Rows in memory with real transaction semantics for what the use case relies on: a transaction
 * whose work throws leaves no trace, so a revocation made before a throw would be lost.
 */
function inMemoryStore(users: User[]) {
  let tokens: StoredToken[] = [];
  const store: RefreshSessionStore = {
    refreshTokens: {
      insert: async (t) => {
        tokens.push({ ...t, usedAt: null, revokedAt: null });
      },
      findByHashForUpdate: async (hash) => tokens.find((t) => t.tokenHash === hash),
      markUsed: async (id, at) => {
        tokens = tokens.map((t) => (t.id === id ? { ...t, usedAt: at } : t));
      },
      revokeFamily: async (familyId, at) => {
        tokens = tokens.map((t) => (t.familyId === familyId && !t.revokedAt ? { ...t, revokedAt: at } : t));
      },
    },
    users: { findById: async (id) => users.find((u) => u.id === id) },
  };
  const inTransaction: InTransaction<RefreshSessionStore> = async (work) => {
    const before = tokens;
    try {
      return await work(store);
    } catch (error) {
      tokens = before;
      throw error;
    }
  };
  return { inTransaction, store, rows: () => tokens };
}

const fakeIssuer: AccessTokenIssuer = {
  issue: async ({ userId, role, sessionId, tokenVersion }) => ({
    token: `access:${userId}:${role}:${sessionId}:${tokenVersion}`,
    expiresIn: 900,
  }),
};

/** The sessions the revocation record was told to refuse. */
function sessionRecord() {
  const revoked: string[] = [];
  return { revoked, revocations: { revokeSession: async (sessionId: string) => void revoked.push(sessionId) } };
}

describe('refreshSession', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const user: User = { id: newId(), name: 'Ada', email: 'ada@example.com', role: 'customer', createdAt: now, tokenVersion: 0 };

  /** The use case over the in-memory store, refresh tokens living an hour. */
  function refreshOver(db: ReturnType<typeof inMemoryStore>, accessTokens: AccessTokenIssuer, revocations = sessionRecord().revocations) {
    return createRefreshSession({ inTransaction: db.inTransaction, accessTokens, revocations, refreshTokenTtlSeconds: 3600, now: () => now });
  }

  async function setUp(current: User = user) {
    const db = inMemoryStore([current]);
    const familyId = newId();
    await db.store.refreshTokens.insert({
      id: newId(),
      familyId,
      userId: user.id,
      tokenHash: hashRefreshToken('first-token'),
      expiresAt: new Date(now.getTime() + 60_000),
      createdAt: now,
    });
    const record = sessionRecord();
    const refresh = refreshOver(db, fakeIssuer, record.revocations);
    return { db, familyId, refresh, revokedSessions: record.revoked };
  }

  it('marks the token used and issues a new one in the same family', async () => {
    const { db, familyId, refresh } = await setUp();
    const pair = await refresh('first-token');

    expect(pair).toMatchObject({ accessToken: `access:${user.id}:customer:${familyId}:0`, tokenType: 'Bearer', expiresIn: 900 });
    expect(pair.refreshToken).not.toBe('first-token');
    const [old, fresh] = db.rows();
    expect(old).toMatchObject({ usedAt: now, revokedAt: null });
    expect(fresh).toMatchObject({ familyId, tokenHash: hashRefreshToken(pair.refreshToken), usedAt: null, revokedAt: null });
    expect(fresh?.expiresAt).toEqual(new Date(now.getTime() + 3600_000));
  });

  it('signs the new access token with the role and token version the user has now', async () => {
    // The token was issued to a customer; the user has been promoted since.
    const { familyId, refresh } = await setUp({ ...user, role: 'organizer', tokenVersion: 1 });
    expect((await refresh('first-token')).accessToken).toBe(`access:${user.id}:organizer:${familyId}:1`);
  });

  it('revokes the whole family, access tokens included, when a rotated token comes back, and keeps that revocation', async () => {
    const { db, familyId, refresh, revokedSessions } = await setUp();
    const second = await refresh('first-token');

    const replay = await refresh('first-token').catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(AppError);
    expect(replay).toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    expect(db.rows().every((t) => t.revokedAt !== null)).toBe(true);
    expect(revokedSessions).toEqual([familyId]);
    await expect(refresh(second.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
  });

  it('refuses an unknown token', async () => {
    const { db, refresh } = await setUp();
    await expect(refresh('never-issued')).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    expect(db.rows().every((t) => t.revokedAt === null && t.usedAt === null)).toBe(true);
  });

  it('refuses an expired token without rotating it', async () => {
    const db = inMemoryStore([user]);
    await db.store.refreshTokens.insert({
      id: newId(),
      familyId: newId(),
      userId: user.id,
      tokenHash: hashRefreshToken('old'),
      expiresAt: now,
      createdAt: new Date(0),
    });
    const refresh = refreshOver(db, fakeIssuer);
    await expect(refresh('old')).rejects.toMatchObject({ code: 'REFRESH_TOKEN_INVALID' });
    expect(db.rows()).toHaveLength(1);
    expect(db.rows()[0]?.usedAt).toBeNull();
  });

  it('keeps the old token usable when the new access token cannot be signed', async () => {
    const db = inMemoryStore([user]);
    await db.store.refreshTokens.insert({
      id: newId(),
      familyId: newId(),
      userId: user.id,
      tokenHash: hashRefreshToken('first-token'),
      expiresAt: new Date(now.getTime() + 60_000),
      createdAt: now,
    });
    let signingWorks = false;
    const flakyIssuer: AccessTokenIssuer = {
      issue: async (subject) => {
        if (!signingWorks) throw new Error('key store unavailable');
        return fakeIssuer.issue(subject);
      },
    };
    const refresh = refreshOver(db, flakyIssuer);
    await expect(refresh('first-token')).rejects.toThrow('key store unavailable');
    signingWorks = true;
    await expect(refresh('first-token')).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('asks for the token when it is empty', async () => {
    const { refresh } = await setUp();
    await expect(refresh('')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'refresh_token' }] });
  });
});
