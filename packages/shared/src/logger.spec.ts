import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'test', destination }), lines };
}

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
});
