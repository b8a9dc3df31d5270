import { AppError, isRetryLaterError } from '../errors';
import type { Principal } from '../auth/token-verifier';
import { createMemoryCounter } from './memory-counter';
import { createWriteLimit } from './write-limit';

const PEOPLE: Record<string, Principal> = {
  ann: { userId: 'ann', role: 'customer' },
  bob: { userId: 'bob', role: 'admin' },
  payment: { userId: 'service:payment', role: 'service' },
};

/** Tokens are the names above; anything else does not verify. */
const verify = async (token: string | undefined): Promise<Principal> => {
  const principal = token === undefined ? undefined : PEOPLE[token];
  if (!principal) throw new AppError('UNAUTHENTICATED', 'A valid access token is required.');
  return principal;
};

const sut = (perUser = 2) => createWriteLimit({ verify, counter: createMemoryCounter({ windowMs: 60_000 }), perUser });

async function refusal(write: Promise<unknown>): Promise<unknown> {
  return write.then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

describe('write limit', () => {
  it('counts each person separately and refuses the write past the limit with RATE_LIMITED and a wait', async () => {
    const limit = sut();
    expect(await limit.caller('ann')).toEqual(PEOPLE.ann);
    expect(await limit.person('ann')).toEqual(PEOPLE.ann);
    const refused = await refusal(limit.caller('ann'));
    expect(isRetryLaterError(refused) && refused.code === 'RATE_LIMITED' && refused.retryAfterSeconds > 0).toBe(true);
    expect(await limit.caller('bob')).toEqual(PEOPLE.bob);
  });

  it('never counts a service: it writes for the system, not as a person', async () => {
    const limit = sut(1);
    for (let call = 0; call < 5; call += 1) expect(await limit.caller('payment')).toEqual(PEOPLE.payment);
    expect(await limit.caller('ann')).toEqual(PEOPLE.ann);
  });

  it('refuses a service where a person must write, and counts nothing for a token that does not verify', async () => {
    const limit = sut(1);
    expect(await refusal(limit.person('payment'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(limit.caller('forged'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await limit.person('ann')).toEqual(PEOPLE.ann);
  });
});
