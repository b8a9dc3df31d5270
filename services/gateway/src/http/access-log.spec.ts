import { createLogger } from '@ticres/shared';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { logEachResponse } from './access-log';

describe('the access log', () => {
  it('writes one line per answered request, with its request id, and the logger still redacts every other line', async () => {
    const lines: string[] = [];
    const loggerInstance: FastifyBaseLogger = createLogger({
      service: 'gateway',
      requestIdFromContext: false,
      destination: { write: (line: string) => void lines.push(line) },
    });
    const app = Fastify({
      loggerInstance,
      logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
      genReqId: () => 'req-1',
    });
    logEachResponse(app);
    app.post('/login', async (request) => {
      request.log.info({ body: request.body }, 'login attempt');
      return { ok: true };
    });

    const res = await app.inject({ method: 'POST', url: '/login?next=%2F', payload: { email: 'a@example.com', password: 'hunter22' } });
    await app.close();

    expect(res.statusCode).toBe(200);
    const [attempt, access, ...rest] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(attempt).toMatchObject({ msg: 'login attempt', request_id: 'req-1', body: { email: 'a@example.com', password: '[redacted]' } });
    expect(access).toMatchObject({
      msg: 'request',
      name: 'gateway',
      request_id: 'req-1',
      method: 'POST',
      url: '/login?next=%2F',
      status: 200,
      ms: expect.any(Number),
    });
  });
});
