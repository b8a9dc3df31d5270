import type { SigningKey } from '../domain/signing-key';
import { generateSigningKeyPair } from '../tokens/signing-key-pair';
import { createRotateSigningKey, type RotateSigningKeyStore } from './rotate-signing-key';

describe('rotateSigningKey', () => {
  function setUp(start: Date) {
    let clock = start;
    const keys: SigningKey[] = [];
    const events: string[] = [];
    const store: RotateSigningKeyStore = {
      lockRotation: async () => void events.push('lock'),
      findSigning: async (at) => [...keys].reverse().find((k) => k.signsUntil > at),
      insert: async (key) => {
        events.push('insert');
        keys.push(key);
      },
    };
    const rotate = createRotateSigningKey({
      inTransaction: (work) => work(store),
      generateKeyPair: generateSigningKeyPair,
      rotationSeconds: 3600,
      accessTokenTtlSeconds: 900,
      now: () => clock,
    });
    return { rotate, keys, events, advanceTo: (to: Date) => (clock = to) };
  }

  it('creates an Ed25519 key with its schedule when none signs, under the lock', async () => {
    const start = new Date('2030-01-01T00:00:00Z');
    const { rotate, keys, events } = setUp(start);
    const rotation = await rotate();

    expect(rotation.created).toBe(true);
    expect(events).toEqual(['lock', 'insert']);
    expect(keys).toEqual([rotation.key]);
    expect(rotation.key).toMatchObject({
      alg: 'EdDSA',
      createdAt: start,
      signsUntil: new Date('2030-01-01T01:00:00Z'),
      verifiesUntil: new Date('2030-01-01T01:15:00Z'),
    });
    expect(rotation.key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(rotation.key.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('keeps the current key while it signs, and replaces it once it stops', async () => {
    const start = new Date('2030-01-01T00:00:00Z');
    const { rotate, keys, advanceTo } = setUp(start);
    const first = await rotate();
    await expect(rotate()).resolves.toEqual({ key: first.key, created: false });

    advanceTo(first.key.signsUntil);
    const second = await rotate();
    expect(second.created).toBe(true);
    expect(second.key.kid).not.toBe(first.key.kid);
    expect(keys).toHaveLength(2);
  });
});
