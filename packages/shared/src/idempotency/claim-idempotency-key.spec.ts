import { claimIdempotencyKey, type ClaimIdempotencyKeyPorts } from './claim-idempotency-key';
import type { IdempotencyClaim, StoredIdempotencyKey } from './idempotency-key';

const claim: IdempotencyClaim = { userId: 'user-1', key: 'key-1', requestHash: 'hash-a' };
const rules = { ttlSeconds: 86_400, abandonAfterSeconds: 60 };

/** A repository that refuses every claim and reads back `stored`, one answer per round. */
function keysFinding(...stored: (StoredIdempotencyKey | undefined)[]) {
  const idempotencyKeys = {
    claim: jest.fn<Promise<boolean>, [IdempotencyClaim, typeof rules]>(async () => false),
    find: jest.fn<Promise<StoredIdempotencyKey | undefined>, [string, string]>(async () => stored.shift()),
  };
  const ports: ClaimIdempotencyKeyPorts = { idempotencyKeys, rules };
  return { ports, idempotencyKeys };
}

describe('claimIdempotencyKey', () => {
  it('claims a key nobody holds, with the rules it was given, without reading it back', async () => {
    const { ports, idempotencyKeys } = keysFinding();
    idempotencyKeys.claim.mockResolvedValueOnce(true);
    await expect(claimIdempotencyKey(ports, claim)).resolves.toEqual({ kind: 'claimed' });
    expect(idempotencyKeys.claim).toHaveBeenCalledWith(claim, rules);
    expect(idempotencyKeys.find).not.toHaveBeenCalled();
  });

  it('replays the result of the same request once it has completed', async () => {
    const { ports, idempotencyKeys } = keysFinding({ requestHash: 'hash-a', state: 'completed', resultId: 'result-1' });
    await expect(claimIdempotencyKey(ports, claim)).resolves.toEqual({ kind: 'replay', resultId: 'result-1' });
    expect(idempotencyKeys.find).toHaveBeenCalledWith('user-1', 'key-1');
  });

  it('refuses the key for another request, whatever state it is in', async () => {
    for (const state of ['completed', 'in_progress'] as const) {
      const { ports } = keysFinding({ requestHash: 'hash-b', state, resultId: state === 'completed' ? 'result-1' : null });
      await expect(claimIdempotencyKey(ports, claim)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    }
  });

  it('answers IDEMPOTENCY_IN_PROGRESS while the same request is still running', async () => {
    const { ports } = keysFinding({ requestHash: 'hash-a', state: 'in_progress', resultId: null });
    await expect(claimIdempotencyKey(ports, claim)).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('never replays a completed record without a result', async () => {
    const { ports } = keysFinding({ requestHash: 'hash-a', state: 'completed', resultId: null });
    await expect(claimIdempotencyKey(ports, claim)).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('claims again when the record it could not take has vanished before it was read', async () => {
    const { ports, idempotencyKeys } = keysFinding(undefined);
    idempotencyKeys.claim.mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    await expect(claimIdempotencyKey(ports, claim)).resolves.toEqual({ kind: 'claimed' });
    expect(idempotencyKeys.claim).toHaveBeenCalledTimes(2);
  });

  it('gives up with IDEMPOTENCY_IN_PROGRESS after three rounds of vanishing records', async () => {
    const { ports, idempotencyKeys } = keysFinding(undefined, undefined, undefined, undefined);
    await expect(claimIdempotencyKey(ports, claim)).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(idempotencyKeys.claim).toHaveBeenCalledTimes(3);
  });
});
