import { buildTestApp, type TestApp } from '../../test/support/test-app';

describe('Connection: close once a shutdown has begun', () => {
  let sut: TestApp;
  beforeEach(async () => {
    sut = await buildTestApp();
  });
  afterEach(() => sut.app.close());

  it('keeps connections open while serving', async () => {
    const res = await sut.request({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).not.toBe('close');
  });

  it.each([
    ['a success', '/healthz', 200],
    ['an API error', '/api/v1/me', 401],
    ['no such route', '/api/v1/nowhere', 404],
  ])('closes the connection after %s', async (_what, url, status) => {
    sut.state.shuttingDown = true;
    const res = await sut.request({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers.connection).toBe('close');
  });
});
