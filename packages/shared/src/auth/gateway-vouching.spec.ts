import { AppError } from '../errors';
import { isGatewayToken } from './gateway-vouching';
import { SERVICE_ROLE, SERVICE_SUBJECT_PREFIX, type Principal } from './token-verifier';

const service = (name: string): Principal => ({ userId: `${SERVICE_SUBJECT_PREFIX}${name}`, role: SERVICE_ROLE });

describe('isGatewayToken', () => {
  it("is true only for the gateway's own service token", async () => {
    await expect(isGatewayToken(async () => service('gateway'), 'token')).resolves.toBe(true);
    await expect(isGatewayToken(async () => service('payment'), 'token')).resolves.toBe(false);
    await expect(isGatewayToken(async () => ({ userId: 'someone', role: 'customer' }), 'token')).resolves.toBe(false);
    await expect(isGatewayToken(async () => service('gateway'), undefined)).resolves.toBe(false);
  });

  it('takes a token that does not verify for a stranger, but a token it could not check for an outage', async () => {
    const refusing = async (): Promise<Principal> => {
      throw new AppError('UNAUTHENTICATED', 'A valid access token is required.');
    };
    await expect(isGatewayToken(refusing, 'forged')).resolves.toBe(false);
    const keysOutOfReach = async (): Promise<Principal> => {
      throw new AppError('UNAVAILABLE', 'auth is out of reach');
    };
    await expect(isGatewayToken(keysOutOfReach, 'token')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
