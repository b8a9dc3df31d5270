import { createFailureWindow } from '../domain/failure-window';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { createIssueServiceToken } from './issue-service-token';

const issued: Parameters<AccessTokenIssuer['issue']>[0][] = [];
const accessTokens: AccessTokenIssuer = {
  issue: async (subject) => {
    issued.push(subject);
    return { token: `token-for-${subject.userId}`, expiresIn: 900 };
  },
};
const create = () =>
  createIssueServiceToken({
    serviceSecrets: new Map([['notifier', 'notifier-secret-0123']]),
    accessTokens,
    failures: createFailureWindow({ limit: 3, windowMs: 60_000 }),
  });
const NOTIFIER_HOST = '10.0.0.5';

describe('issueServiceToken', () => {
  let sut: ReturnType<typeof create>;
  beforeEach(() => {
    issued.length = 0;
    sut = create();
  });

  it('issues an access token for service:<name> with role service and no refresh token', async () => {
    await expect(sut({ service: 'notifier', secret: 'notifier-secret-0123' }, NOTIFIER_HOST)).resolves.toEqual({
      accessToken: 'token-for-service:notifier',
      refreshToken: '',
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    expect(issued).toEqual([{ userId: 'service:notifier', role: 'service' }]);
  });

  it.each([
    ['a wrong secret', { service: 'notifier', secret: 'notifier-secret-0124' }],
    ['a prefix of the secret', { service: 'notifier', secret: 'notifier' }],
    ['an empty secret', { service: 'notifier', secret: '' }],
    ['an unknown service', { service: 'payment', secret: 'notifier-secret-0123' }],
    ['an inherited property name', { service: 'constructor', secret: '' }],
  ])('refuses %s with UNAUTHENTICATED and issues nothing', async (_name, input) => {
    await expect(sut(input, NOTIFIER_HOST)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(issued).toEqual([]);
  });

  it('refuses an address that sent too many wrong secrets, even with the right one, and nobody else', async () => {
    const guess = { service: 'notifier', secret: 'guess-guess-guess' };
    for (let i = 0; i < 3; i += 1) await expect(sut(guess, '10.0.0.66')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const right = { service: 'notifier', secret: 'notifier-secret-0123' };
    await expect(sut(right, '10.0.0.66')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(sut(right, NOTIFIER_HOST)).resolves.toMatchObject({ accessToken: 'token-for-service:notifier' });
  });
});
