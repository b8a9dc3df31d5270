import { Metadata, status, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import { addressOfPeer, unary } from './server';

const logger = pino({ level: 'silent' });

function fakeCall(deadline: number | Date): ServerUnaryCall<string, string> {
  return { request: 'ping', metadata: new Metadata(), getDeadline: () => deadline, getPath: () => '/test/Ping', getPeer: () => 'ipv4:127.0.0.1:50000' } as unknown as ServerUnaryCall<
    string,
    string
  >;
}

function invoke(deadline: number | Date, handler: () => Promise<string>) {
  return new Promise<{ error: Partial<ServiceError> | null; value: string | undefined }>((resolve) =>
    unary(logger, handler)(fakeCall(deadline), (error, value) => resolve({ error: error as Partial<ServiceError> | null, value: value ?? undefined })),
  );
}

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
