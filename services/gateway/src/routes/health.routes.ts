import type { FastifyPluginAsync } from 'fastify';
import type { DependencyCheck, Readiness } from '../health/readiness';
import { sendProblem } from '../http/error-handler';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../http/problem';
import { ref } from '../http/components';
import { problemSchema } from '../http/schemas';

/** A dependency slower than this counts as down: a readiness probe must answer quickly. */
const CHECK_TIMEOUT_MS = 1_000;

type CheckState = 'up' | 'down';

const checksSchema = {
  type: 'object',
  additionalProperties: { type: 'string', enum: ['up', 'down'] },
} as const;

async function stateOf(dependency: DependencyCheck): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([dependency.check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness and readiness for orchestrators; outside /api/v1 and not logged per request. */
export function healthRoutes(readiness: Readiness): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/healthz',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          operationId: 'getLiveness',
          summary: 'Liveness: the process answers',
          response: {
            200: {
              description: 'Alive',
              type: 'object',
              required: ['status'],
              additionalProperties: false,
              properties: { status: { type: 'string', enum: ['ok'] } },
              examples: [{ status: 'ok' }],
            },
          },
        },
      },
      async () => ({ status: 'ok' }),
    );

    app.get(
      '/readyz',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          operationId: 'getReadiness',
          summary: 'Readiness: auth, catalog, booking and payment answer, and no shutdown has begun',
          description: 'Redis down makes the gateway `degraded`, not unready: rate limits then count per process.',
          response: {
            200: {
              description: 'Ready (or degraded), with the state of each dependency',
              type: 'object',
              required: ['status', 'checks'],
              additionalProperties: false,
              properties: { status: { type: 'string', enum: ['ready', 'degraded'] }, checks: checksSchema },
              examples: [{ status: 'degraded', checks: { redis: 'down', auth: 'up', catalog: 'up', booking: 'up', payment: 'up' } }],
            },
            503: {
              description: 'Not ready',
              content: {
                [PROBLEM_CONTENT_TYPE]: {
                  schema: { allOf: [ref(problemSchema), { type: 'object', properties: { checks: checksSchema } }] },
                  example: {
                    ...toProblem('UNAVAILABLE', 'Dependencies not reachable: booking.'),
                    checks: { redis: 'up', auth: 'up', catalog: 'up', booking: 'down', payment: 'up' },
                  },
                },
              },
            },
          },
        },
      },
      async (request, reply) => {
        if (readiness.isShuttingDown()) return sendProblem(request, reply, toProblem('UNAVAILABLE', 'Shutting down.'));
        const states = await Promise.all(readiness.checks.map(async (c) => [c.name, await stateOf(c)] as const));
        const checks = Object.fromEntries(states);
        const isDown = (name: string) => checks[name] === 'down';
        const down = readiness.checks.filter((c) => c.required && isDown(c.name)).map((c) => c.name);
        if (down.length === 0) {
          return { status: readiness.checks.some((c) => isDown(c.name)) ? 'degraded' : 'ready', checks };
        }
        return sendProblem(request, reply, { ...toProblem('UNAVAILABLE', `Dependencies not reachable: ${down.join(', ')}.`), checks });
      },
    );
  };
}
