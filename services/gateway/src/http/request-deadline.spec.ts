import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { currentCallDeadline } from '@ticres/shared';
import { fakeAuth } from '../../test/support/fake-clients';
import { USER } from '../../test/support/messages';
import { buildTestApp, type TestApp } from '../../test/support/test-app';

const DEADLINE_MS = 4_000;

const REGISTER_BODY = JSON.stringify({ name: 'Ann', email: 'ann@example.com', password: 'correct horse' });
const REGISTER_REQUEST =
  'POST /api/v1/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${Buffer.byteLength(REGISTER_BODY)}\r\n\r\n${REGISTER_BODY}`;

/** A kept-alive connection whose requests are sent when the test says, not when it opens. */
async function openConnection(baseUrl: string): Promise<{ socket: Socket; connectedAt: number; register(): Promise<string> }> {
  const socket = connect({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    socket,
    connectedAt: Date.now(),
    register: () =>
      new Promise((resolve) => {
        socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0]!));
        socket.write(REGISTER_REQUEST);
      }),
  };
}

/** Over a real socket, as request-id.spec: the body arrives in the socket's own asynchronous context. */
describe('request deadline', () => {
  let test: TestApp;
  let app: FastifyInstance;
  let baseUrl: string;
  /** The call deadline each fake auth method saw, as a gRPC client would send it. */
  const seen: { method: string; deadline: number }[] = [];
  const record = (method: string) => {
    seen.push({ method, deadline: currentCallDeadline() });
  };

  beforeAll(async () => {
    const auth = fakeAuth({
      Register: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        record('Register');
        return USER;
      },
      GetUser: async () => {
        record('GetUser');
        return { ...USER, role: 'admin' };
      },
      SetUserRole: async () => {
        await sleep(30);
        record('SetUserRole');
        return USER;
      },
    });
    test = await buildTestApp({ auth, config: { GRPC_DEADLINE_MS: DEADLINE_MS } });
    app = test.app;
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());
  beforeEach(() => (seen.length = 0));

  it('runs the calls made for a request with its arrival plus GRPC_DEADLINE_MS as their deadline', async () => {
    const sent = Date.now();
    const res = await fetch(`${baseUrl}/api/v1/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ann', email: 'ann@example.com', password: 'correct horse' }),
    });
    expect(res.status).toBe(201);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.deadline).toBeGreaterThanOrEqual(sent + DEADLINE_MS);
    expect(seen[0]!.deadline).toBeLessThanOrEqual(Date.now() + DEADLINE_MS);
  });

  it('gives a later call of the same request the same deadline, not a fresh one from its own start', async () => {
    const token = await test.token({ role: 'admin' });
    const res = await fetch(`${baseUrl}/api/v1/admin/users/${USER.id}/role`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ role: 'organizer' }),
    });
    expect(res.status).toBe(200);
    expect(seen.map((call) => call.method)).toEqual(['GetUser', 'SetUserRole']);
    expect(Number.isFinite(seen[0]!.deadline)).toBe(true);
    expect(seen[1]!.deadline).toBe(seen[0]!.deadline);
  });

  describe('when a request arrived', () => {
    const connections: Socket[] = [];
    afterAll(() => connections.forEach((socket) => socket.destroy()));
    const open = async () => {
      const connection = await openConnection(baseUrl);
      connections.push(connection.socket);
      return connection;
    };

    it("counts a new connection's first request from the connection's acceptance: in a burst, requests are read long after", async () => {
      const beforeConnect = Date.now();
      const connection = await open();
      await sleep(300);
      expect(await connection.register()).toBe('HTTP/1.1 201 Created');
      expect(seen[0]!.deadline).toBeGreaterThanOrEqual(beforeConnect + DEADLINE_MS);
      // Read 300 ms after the connection opened, counted from then it would end 300 ms later.
      expect(seen[0]!.deadline).toBeLessThanOrEqual(connection.connectedAt + DEADLINE_MS + 100);
    });

    it('counts a later request on the same connection from when it was read', async () => {
      const connection = await open();
      await connection.register();
      await sleep(300);
      const sent = Date.now();
      expect(await connection.register()).toBe('HTTP/1.1 201 Created');
      expect(seen[1]!.deadline).toBeGreaterThanOrEqual(sent + DEADLINE_MS);
    });

    it('counts the first request from when it was read when the connection waited more than a second for it', async () => {
      const connection = await open();
      await sleep(1_100);
      const sent = Date.now();
      expect(await connection.register()).toBe('HTTP/1.1 201 Created');
      expect(seen[0]!.deadline).toBeGreaterThanOrEqual(sent + DEADLINE_MS);
    });
  });
});
