import type { FastifyInstance } from 'fastify';
import { currentCallDeadline } from '@ticres/shared';
import { fakeAuth } from '../../test/support/fake-clients';
import { USER } from '../../test/support/messages';
import { buildTestApp, type TestApp } from '../../test/support/test-app';

const DEADLINE_MS = 4_000;

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
        await new Promise((resolve) => setTimeout(resolve, 30));
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
});
