import * as grpc from '@grpc/grpc-js';
import type { ProtoService } from '@ticres/proto';
import fc from 'fast-check';
import { createAuthClient } from '../../src/auth-client';
import { fuzzParameters } from '../support/fuzz/fuzz-settings';
import { createFuzzWorld, startFuzzStack } from '../support/fuzz/fuzz-world';
import type { FuzzWorld } from '../support/fuzz/http-requests';
import { callRpc, checkRpcOutcome, isUnsendable } from '../support/fuzz/rpc-answers';
import { rpcMethods, rpcRequest, type RpcMethod } from '../support/fuzz/rpc-methods';
import { rpcMetadata, type RpcCallers } from '../support/fuzz/rpc-metadata';
import { expectStackIntact } from '../support/fuzz/stack-intact';
import type { Stack } from '../support/stack';

/** Calls over all RPCs together, so that state one changes (a cancelled event, a claim) meets the others. */
const RPC_RUNS = 350;
const RAW_RUNS = 80;

/**
 * Property-based fuzzing of every RPC of auth, catalog, booking and payment, called straight at
 * their gRPC ports as a client that skips the gateway would (docs/security/fuzzing.md): field
 * values plausible and hostile, numbers out of range and of the wrong type, any token or none,
 * random metadata, and bytes that are no message at all. Each call must end OK or in a status the
 * gateway answers with a 4xx, carrying its domain code; never INTERNAL or UNKNOWN; afterwards
 * every process still runs.
 */
describe('e2e fuzz: every RPC answers anything with OK or a clean client-fault status', () => {
  let stack: Stack;
  let world: FuzzWorld;
  let callers: RpcCallers;
  let clients: Record<ProtoService, grpc.Client>;
  let pidsBefore: Record<string, number>;
  const methods = rpcMethods();

  beforeAll(async () => {
    stack = await startFuzzStack();
    world = await createFuzzWorld(stack);
    const auth = createAuthClient(stack.authAddress, 10_000);
    const serviceToken = async (service: 'payment' | 'notifier') =>
      (await auth.call.IssueServiceToken({ service, secret: stack.serviceSecrets[service] })).access_token;
    callers = { tokens: { ...world.tokens, paymentService: await serviceToken('payment'), notifierService: await serviceToken('notifier') } };
    auth.close();
    const clientOf = (service: ProtoService) => new grpc.Client(stack.grpcAddresses[service], grpc.credentials.createInsecure());
    clients = { auth: clientOf('auth'), catalog: clientOf('catalog'), booking: clientOf('booking'), payment: clientOf('payment') };
    pidsBefore = stack.runningPids();
  }, 240_000);
  afterAll(async () => {
    for (const client of Object.values(clients ?? {})) client.close();
    await stack?.stop();
  }, 60_000);

  it('fuzzes every RPC of every service in proto/', async () => {
    const runsPerMethod = new Map<string, number>(methods.map((method) => [method.label, 0]));
    const anyCall = fc.constantFrom(...methods).chain((method) => fc.tuple(fc.constant(method), rpcRequest(method, world), rpcMetadata(callers)));
    const parameters = fuzzParameters<[[RpcMethod, Record<string, unknown>, grpc.Metadata]]>(RPC_RUNS);
    await fc.assert(
      fc.asyncProperty(anyCall, async ([method, request, metadata]) => {
        const outcome = await callRpc(clients[method.service], method, request, metadata);
        if (isUnsendable(outcome)) return;
        runsPerMethod.set(method.label, (runsPerMethod.get(method.label) ?? 0) + 1);
        checkRpcOutcome(method, outcome);
      }),
      parameters,
    );
    expect(methods.map((method) => method.label)).toEqual(
      expect.arrayContaining(['auth.Login', 'catalog.CreateEvent', 'booking.HoldSeats', 'booking.ClaimForPayment', 'payment.Pay']),
    );
    // Each RPC drew its share of the calls that went out (a quarter of an even share at least).
    const fairShare = parameters.numRuns! / methods.length;
    expect([...runsPerMethod].filter(([, runs]) => runs < Math.floor(fairShare / 4))).toEqual([]);
  }, 600_000);

  it('answers bytes that are no valid request message', async () => {
    const anyBytes = fc.tuple(fc.constantFrom(...methods), fc.uint8Array({ maxLength: 200 }), rpcMetadata(callers));
    await fc.assert(
      fc.asyncProperty(anyBytes, async ([method, bytes, metadata]) => {
        checkRpcOutcome(method, await callRpc(clients[method.service], method, Buffer.from(bytes), metadata, true));
      }),
      fuzzParameters(RAW_RUNS),
    );
  }, 300_000);

  it('leaves every process running, none restarted, and the gateway ready', async () => {
    await expectStackIntact(stack, pidsBefore);
  });
});
