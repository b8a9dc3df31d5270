import { Metadata, status, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import pino, { type Logger } from 'pino';
import { currentRequestId, REQUEST_ID_HEADER } from '../request-id';
import { captureLogs } from '../testing/captured-logs';
import { DEADLINE_HEADER } from './caller-deadline';
import { addressOfPeer, unary, type CallContext } from './server';

const silent = pino({ level: 'silent' });

function fakeCall(deadline: number | Date, metadata = new Metadata()): ServerUnaryCall<string, string> {
  return {
    request: 'ping',
    metadata,
    getDeadline: () => deadline,
    getPath: () => '/test/Ping',
    getPeer: () => 'ipv4:127.0.0.1:50000',
  } as unknown as ServerUnaryCall<string, string>;
}

function invoke(
  deadline: number | Date,
  handler: () => Promise<string>,
  { logger = silent, metadata = new Metadata() }: { logger?: Logger; metadata?: Metadata } = {},
) {
  return new Promise<{ error: Partial<ServiceError> | null; value: string | undefined }>((resolve) =>
    unary(logger, handler)(fakeCall(deadline, metadata), (error, value) => resolve({ error, value: value ?? undefined })),
  );
}

const withRequestIdHeader = (id: string) => {
  const metadata = new Metadata();
  metadata.set(REQUEST_ID_HEADER, id);
  return metadata;
};

describe('unary', () => {
  it('never runs the handler for a call whose deadline has passed, and refuses it as OVERLOADED', async () => {
    const handler = jest.fn(async () => 'pong');
    const { error } = await invoke(Date.now() - 1, handler);
    expect(handler).not.toHaveBeenCalled();
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error?.metadata?.get('ticres-code')).toEqual(['OVERLOADED']);
    expect(error?.metadata?.get('ticres-retry-after')).toEqual(['1']);
  });

  it('runs the handler for a call with time left or without a deadline', async () => {
    await expect(invoke(Date.now() + 1_000, async () => 'pong')).resolves.toEqual({ error: null, value: 'pong' });
    await expect(invoke(new Date(Date.now() + 1_000), async () => 'pong')).resolves.toEqual({ error: null, value: 'pong' });
    await expect(invoke(Infinity, async () => 'pong')).resolves.toEqual({ error: null, value: 'pong' });
  });

  describe("the caller's deadline", () => {
    /** The deadline a handler sees for a call with `grpc-timeout` ending at `timeoutDeadline` and DEADLINE_HEADER `stated`. */
    const seenDeadline = (timeoutDeadline: number, stated: string) =>
      new Promise<number>((resolve) => {
        const metadata = new Metadata();
        metadata.set(DEADLINE_HEADER, stated);
        unary(silent, async (_request: string, call: CallContext) => {
          resolve(call.deadline);
          return 'pong';
        })(fakeCall(timeoutDeadline, metadata), () => undefined);
      });

    it("counts the call from the caller's deadline when the call reached the service later than it was sent", async () => {
      const timeoutDeadline = Date.now() + 5_000;
      expect(await seenDeadline(timeoutDeadline, String(timeoutDeadline - 200))).toBe(timeoutDeadline - 200);
    });

    it("brings the deadline forward by at most a second, whatever the caller's clock says", async () => {
      const timeoutDeadline = Date.now() + 5_000;
      expect(await seenDeadline(timeoutDeadline, String(timeoutDeadline - 3_000))).toBe(timeoutDeadline - 1_000);
    });

    it('keeps the timeout when the caller states a later deadline or none it can read', async () => {
      const timeoutDeadline = Date.now() + 5_000;
      expect(await seenDeadline(timeoutDeadline, String(timeoutDeadline + 200))).toBe(timeoutDeadline);
      expect(await seenDeadline(timeoutDeadline, 'soon')).toBe(timeoutDeadline);
      expect(await seenDeadline(timeoutDeadline, '')).toBe(timeoutDeadline);
    });

    it("never runs the handler for a call that reached the service after its caller's deadline", async () => {
      const handler = jest.fn(async () => 'pong');
      const metadata = new Metadata();
      metadata.set(DEADLINE_HEADER, String(Date.now() - 1));
      const { error } = await invoke(Date.now() + 500, handler, { metadata });
      expect(handler).not.toHaveBeenCalled();
      expect(error?.metadata?.get('ticres-code')).toEqual(['OVERLOADED']);
    });
  });

  it.each([
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['terminated by a restart (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['lost mid-query', new Error('Connection terminated unexpectedly')],
  ])('answers a database connection %s as UNAVAILABLE with a retry-after hint, not INTERNAL', async (_, failure) => {
    const { error } = await invoke(Infinity, () => Promise.reject(failure));
    expect(error?.code).toBe(status.UNAVAILABLE);
    expect(error?.metadata?.get('ticres-code')).toEqual(['UNAVAILABLE']);
    expect(error?.metadata?.get('ticres-retry-after')).toEqual(['2']);
    expect(error?.details).not.toContain('5432');
  });

  it('runs the handler as done for the x-request-id of its metadata', async () => {
    await expect(invoke(Infinity, async () => currentRequestId() ?? 'none', { metadata: withRequestIdHeader('req-7') })).resolves.toEqual({
      error: null,
      value: 'req-7',
    });
  });

  it('logs each call it answered at debug level, with its method, status code and request_id', async () => {
    const { logger, lines } = captureLogs({ level: 'debug' });
    await invoke(Infinity, async () => 'pong', { logger, metadata: withRequestIdHeader('req-6') });
    expect(lines).toEqual([expect.objectContaining({ msg: 'gRPC call answered', method: '/test/Ping', code: status.OK, request_id: 'req-6' })]);
  });

  it('logs its own lines about a call (a handler that failed, the database gone) with the call’s request_id', async () => {
    const { logger, lines } = captureLogs();
    const metadata = withRequestIdHeader('req-8');
    await invoke(Infinity, () => Promise.reject(new Error('boom')), { logger, metadata });
    await invoke(Infinity, () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), { logger, metadata });
    expect(lines.map((line) => [line.msg, line.request_id])).toEqual([
      ['gRPC handler failed', 'req-8'],
      ['database unavailable; answered UNAVAILABLE', 'req-8'],
    ]);
  });
});

describe('addressOfPeer', () => {
  it('takes the IP address out of a peer name as grpc-js 1.14 writes it', () => {
    expect(addressOfPeer('10.0.0.7:53412')).toBe('10.0.0.7');
    expect(addressOfPeer('::1:53412')).toBe('::1');
    expect(addressOfPeer('2001:db8::1:53412')).toBe('2001:db8::1');
    expect(addressOfPeer('::ffff:127.0.0.1:1')).toBe('::ffff:127.0.0.1');
    expect(addressOfPeer('[2001:db8::1]:53412')).toBe('2001:db8::1');
  });

  it('takes the IP address out of a peer name with the ipv4:/ipv6: scheme of older releases', () => {
    expect(addressOfPeer('ipv4:10.0.0.7:53412')).toBe('10.0.0.7');
    expect(addressOfPeer('ipv6:[2001:db8::1]:53412')).toBe('2001:db8::1');
    expect(addressOfPeer('ipv6:[::ffff:127.0.0.1]:1')).toBe('::ffff:127.0.0.1');
  });

  it('gives nothing for a peer without an IP address', () => {
    expect(addressOfPeer('unix:/tmp/booking.sock')).toBe('');
    expect(addressOfPeer('')).toBe('');
    expect(addressOfPeer('localhost:53412')).toBe('');
    expect(addressOfPeer('10.0.0.7')).toBe('');
  });
});
