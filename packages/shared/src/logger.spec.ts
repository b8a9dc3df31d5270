import { withRequestId } from './request-id';
import { captureLogs } from './testing/captured-logs';

const capture = (requestIdFromContext?: boolean) => captureLogs({ requestIdFromContext });

describe('createLogger', () => {
  it('redacts secrets at the top level and one level down', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'hunter22',
        refresh_token: 'rt-secret',
        user: { email: 'ann@example.com', password: 'hunter22', access_token: 'at-secret' },
        req: { headers: { authorization: 'Bearer at-secret', cookie: 'sid=1' } },
        payment_token: 'tok_secret',
      },
      'login',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['hunter22', 'rt-secret', 'at-secret', 'sid=1', 'tok_secret']) expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({ name: 'test', msg: 'login', user: { email: 'ann@example.com', password: '[redacted]' } });
  });

  it('logs the request id of the request the code runs for as request_id', () => {
    const { logger, lines } = capture();
    withRequestId('req-42', () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', request_id: 'req-42' });
    expect(lines[1]).not.toHaveProperty('request_id');
  });

  it('leaves request_id to the caller when asked to (the gateway binds it per request)', () => {
    const { logger, lines } = capture(false);
    withRequestId('req-42', () => logger.info('inside'));
    expect(lines[0]).not.toHaveProperty('request_id');
  });
});
