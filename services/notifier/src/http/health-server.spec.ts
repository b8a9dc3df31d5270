import { startHealthServer, type HealthServer } from './health-server';

describe('the health server', () => {
  let ready = true;
  let server: HealthServer;
  const get = async (path: string) => (await fetch(`http://127.0.0.1:${server.port}${path}`)).status;

  beforeAll(async () => {
    server = await startHealthServer({ host: '127.0.0.1', port: 0, isReady: async () => ready });
  });
  afterAll(() => server.close());

  it('answers /healthz 200 and /readyz as the readiness check says', async () => {
    expect(await get('/healthz')).toBe(200);
    expect(await get('/readyz')).toBe(200);
    ready = false;
    expect(await get('/readyz')).toBe(503);
    ready = true;
    expect(await get('/nope')).toBe(404);
  });

  it('answers /readyz 503 once shutting down, while /healthz stays 200', async () => {
    server.markNotReady();
    expect(await get('/readyz')).toBe(503);
    expect(await get('/healthz')).toBe(200);
  });
});
