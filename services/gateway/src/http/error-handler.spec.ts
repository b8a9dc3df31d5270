import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AppError, OverloadedError, RateLimitedError, RetryLaterError, UnavailableError } from '@ticres/shared';
import pino from 'pino';
import { registerErrorHandlers } from './error-handler';
import { createValidatorCompiler } from './validation';

const BODY_LIMIT = 1_024;

async function sut(logs: string[] = []): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = pino({ level: 'error' }, { write: (line: string) => void logs.push(line) });
  const app = Fastify({ loggerInstance, bodyLimit: BODY_LIMIT });
  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandlers(app);
  app.post(
    '/things/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
        body: {
          type: 'object',
          required: ['name', 'count'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', maxLength: 5 },
            count: { type: 'integer' },
            kind: { type: 'string', enum: ['a', 'b'] },
          },
        },
      },
    },
    async () => ({ ok: true }),
  );
  app.get('/throw/:what', async (request) => {
    const { what } = request.params as { what: string };
    if (what === 'domain') throw new AppError('SEAT_UNAVAILABLE', 'Seat A-1 is taken.');
    if (what === 'internal-domain') throw new AppError('INTERNAL', 'pool exhausted at 10.0.0.5');
    if (what === 'rate') throw new RateLimitedError(2_500);
    if (what === 'settling') throw new RetryLaterError('IDEMPOTENCY_IN_PROGRESS', 'An earlier attempt is being settled.', 9);
    if (what === 'overloaded') throw new OverloadedError(4, 'The service is busy (too many are waiting); try again later.');
    if (what === 'unavailable') throw new UnavailableError(2, 'The service cannot reach its database; try again shortly.');
    throw new Error('connection to postgres://secret@db failed');
  });
  await app.ready();
  return app;
}

const UUID = '0190a4a4-7c3e-7b9a-9d7e-2f1f3c4b5a69';
const post = (app: FastifyInstance, payload: string, contentType = 'application/json', id = UUID) =>
  app.inject({ method: 'POST', url: `/things/${id}`, headers: { 'content-type': contentType }, payload });

describe('error handler', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await sut();
  });
  afterAll(() => app.close());

  it('lists every bad body field in a 400, unknown properties as "is not allowed"', async () => {
    const res = await post(app, JSON.stringify({ name: 'far too long', count: '3', kind: 'c', admin: true }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'admin', message: 'is not allowed' },
        { field: 'name', message: 'must NOT have more than 5 characters' },
        { field: 'count', message: 'must be integer' },
        { field: 'kind', message: 'must be one of: a, b' },
      ]),
    );
    expect(body.errors).toHaveLength(4);
  });

  it('reports missing fields as required and does not coerce body types', async () => {
    const res = await post(app, JSON.stringify({ count: '1' }));
    expect(res.json().errors).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'count', message: 'must be integer' },
    ]);
  });

  it('reports a body that is not an object under "body"', async () => {
    const res = await post(app, '[1]');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'body', message: 'must be object' }]);
  });

  it('validates params the same way', async () => {
    const res = await post(app, JSON.stringify({ name: 'a', count: 1 }), 'application/json', 'not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'id', message: 'must match format "uuid"' }]);
  });

  it('answers junk JSON with 400 MALFORMED_REQUEST', async () => {
    const res = await post(app, '{"name": ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });

  it('answers an empty JSON body with 400 MALFORMED_REQUEST', async () => {
    const res = await post(app, '');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post(app, JSON.stringify({ name: 'x'.repeat(BODY_LIMIT), count: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await post(app, '<thing/>', 'application/xml');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 });
  });

  it('answers an unknown route with 404 NOT_FOUND as problem+json', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', type: 'https://ticres.example.com/problems/not-found' });
  });

  it('maps a domain error through the table, keeping its client-safe message', async () => {
    const res = await app.inject({ method: 'GET', url: '/throw/domain' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'SEAT_UNAVAILABLE', detail: 'Seat A-1 is taken.' });
  });

  it('sends Retry-After with a 429', async () => {
    const res = await app.inject({ method: 'GET', url: '/throw/rate' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('sends the Retry-After of any refusal a service says may be repeated later', async () => {
    const res = await app.inject({ method: 'GET', url: '/throw/settling' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['retry-after']).toBe('9');
    expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', detail: 'An earlier attempt is being settled.' });
  });

  it('answers a service’s refusal under overload with 503 OVERLOADED, its Retry-After, and no error log', async () => {
    const logs: string[] = [];
    const logged = await sut(logs);
    const res = await logged.inject({ method: 'GET', url: '/throw/overloaded' });
    await logged.close();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('4');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'https://ticres.example.com/problems/overloaded',
      title: 'Service overloaded',
      status: 503,
      detail: 'The service is busy (too many are waiting); try again later.',
      code: 'OVERLOADED',
      request_id: expect.any(String),
    });
    expect(logs).toEqual([]);
  });

  it('answers an outage behind a service (its database gone) with 503 UNAVAILABLE and its Retry-After', async () => {
    const res = await app.inject({ method: 'GET', url: '/throw/unavailable' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'https://ticres.example.com/problems/unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The service cannot reach its database; try again shortly.',
      code: 'UNAVAILABLE',
      request_id: expect.any(String),
    });
  });

  it.each(['crash', 'internal-domain'])('answers %s with a generic 500 and logs the real error', async (what) => {
    const logs: string[] = [];
    const logged = await sut(logs);
    const res = await logged.inject({ method: 'GET', url: `/throw/${what}` });
    await logged.close();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      type: 'https://ticres.example.com/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred.',
      code: 'INTERNAL',
      request_id: expect.any(String),
    });
    expect(res.body).not.toMatch(/postgres|10\.0\.0\.5/);
    expect(logs.join('\n')).toMatch(/postgres:\/\/secret@db|10\.0\.0\.5/);
  });
});
