import fc from 'fast-check';
import { checkFuzzAnswer, sendFuzzRequest } from '../support/fuzz/http-answers';
import { fuzzRequest, percentEncode, type FuzzRequest, type FuzzWorld } from '../support/fuzz/http-requests';
import { hostileString } from '../support/fuzz/hostile-values';
import { fuzzParameters } from '../support/fuzz/fuzz-settings';
import { createFuzzWorld, startFuzzStack } from '../support/fuzz/fuzz-world';
import { fetchOperations, type Operation } from '../support/fuzz/openapi-operations';
import { rawHttpRequest } from '../support/fuzz/raw-requests';
import { expectStackIntact } from '../support/fuzz/stack-intact';
import { rawRequest } from '../support/raw-http';
import type { Stack } from '../support/stack';

/** Requests over all routes together, so that state one route changes (a cancelled event) meets the others. */
const ROUTE_RUNS = 480;
const PATH_RUNS = 60;
const RAW_RUNS = 100;

/**
 * Property-based fuzzing of the gateway's HTTP surface against the real services
 * (docs/security/fuzzing.md): every route of its own /openapi.json, as anonymous, customer,
 * organizer and admin, with fuzzed path parameters, query strings, headers and bodies; paths that
 * are no route; raw requests no client library would send. Each answer must be a 2xx, or a 4xx
 * problem+json with a code that repeats no input, or a 503 with Retry-After; afterwards every
 * process still runs and the gateway is ready.
 */
describe('e2e fuzz: the HTTP surface answers anything with a 2xx or a clean 4xx', () => {
  let stack: Stack;
  let world: FuzzWorld;
  let operations: Operation[];
  let pidsBefore: Record<string, number>;

  beforeAll(async () => {
    stack = await startFuzzStack();
    world = await createFuzzWorld(stack);
    operations = await fetchOperations(stack.baseUrl);
    pidsBefore = stack.runningPids();
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  const exchange = async (request: FuzzRequest) => checkFuzzAnswer(request, await sendFuzzRequest(stack.baseUrl, request));

  it('fuzzes every route the OpenAPI document lists', async () => {
    const runsPerRoute = new Map<string, number>(operations.map((operation) => [operation.label, 0]));
    const anyRoute = fc.constantFrom(...operations).chain((operation) => fuzzRequest(operation, world));
    const parameters = fuzzParameters<[FuzzRequest]>(ROUTE_RUNS);
    await fc.assert(
      fc.asyncProperty(anyRoute, async (request) => {
        runsPerRoute.set(request.operation, (runsPerRoute.get(request.operation) ?? 0) + 1);
        await exchange(request);
      }),
      parameters,
    );
    expect(operations.map((operation) => operation.label)).toEqual(
      expect.arrayContaining(['POST /api/v1/bookings', 'POST /api/v1/payments', 'PUT /api/v1/admin/users/{id}/role']),
    );
    // Each route drew its share of the runs (a quarter of an even share at least).
    const fairShare = parameters.numRuns! / operations.length;
    expect([...runsPerRoute].filter(([, runs]) => runs < Math.floor(fairShare / 4))).toEqual([]);
  }, 600_000);

  it('answers paths that are no route', async () => {
    const prefixes = ['', '/api', '/api/v1', '/api/v1/events', '/api/v1/admin', '/docs', '/openapi.json', '/healthz'];
    const segment = fc.oneof(hostileString.map(percentEncode), fc.constantFrom('..', '%', '%2e%2e', 'static', '~', '*'));
    const request = fc
      .record({
        prefix: fc.constantFrom(...prefixes),
        segments: fc.array(segment, { maxLength: 3 }),
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      })
      .map(({ prefix, segments, method }): FuzzRequest => ({
        operation: 'no route',
        role: 'anonymous',
        method,
        path: `${prefix}/${segments.join('/')}`,
        headers: {},
      }));
    await fc.assert(fc.asyncProperty(request, exchange), fuzzParameters(PATH_RUNS));
  }, 300_000);

  it('answers raw requests with broken request lines, header bytes and framing', async () => {
    const port = Number(new URL(stack.baseUrl).port);
    await fc.assert(
      fc.asyncProperty(rawHttpRequest, async (bytes) => {
        const answer = await rawRequest(port, bytes);
        const text = bytes.toString('latin1');
        const request: FuzzRequest = { operation: 'raw', role: 'anonymous', method: text.split(' ')[0]!, path: JSON.stringify(text), headers: {} };
        checkFuzzAnswer(request, { status: answer.status, headers: new Headers(answer.headers), text: answer.body });
      }),
      fuzzParameters(RAW_RUNS),
    );
  }, 300_000);

  it('leaves every process running, none restarted, and the gateway ready', async () => {
    await expectStackIntact(stack, pidsBefore);
  });
});
