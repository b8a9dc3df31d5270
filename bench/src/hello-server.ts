/**
 * The baselines of bare Fastify, in a process of its own (PORT from the environment): the browse
 * scenario's hello-world, and the login storm's floor for a refusal, a login answered 503 with
 * Retry-After at once, as the gateway answers the excess of a burst.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
app.post('/api/v1/login', async (_request, reply) =>
  reply.code(503).header('retry-after', '1').type('application/problem+json').send({ status: 503, code: 'OVERLOADED', title: 'Service overloaded' }),
);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
