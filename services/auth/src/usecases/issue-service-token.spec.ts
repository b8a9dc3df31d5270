import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { createIssueServiceToken } from './issue-service-token';

const issued: Parameters<AccessTokenIssuer['issue']>[0][] = [];
const accessTokens: AccessTokenIssuer = {
  issue: async (subject) => {
    issued.push(subject);
    return { token: `token-for-${subject.userId}`, expiresIn: 900 };
  },
};
const sut = createIssueServiceToken({ serviceSecrets: new Map([['notifier', 'notifier-secret-0123']]), accessTokens });

describe('issueServiceToken', () => {
  beforeEach(() => {
    issued.length = 0;
  });

  it('issues an access token for service:<name> with role service and no refresh token', async () => {
    await expect(sut({ service: 'notifier', secret: 'notifier-secret-0123' })).resolves.toEqual({
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
    await expect(sut(input)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(issued).toEqual([]);
  });
});
