import { MetricsRegistry } from '@ticres/shared';
import { parsePrometheusText } from '@ticres/shared/testing';
import { fakeCatalog } from '../../test/support/fake-clients';
import { buildTestApp } from '../../test/support/test-app';

describe('HTTP request metrics', () => {
  it('counts and times each request by method, route pattern and status, never by raw URL', async () => {
    const metrics = new MetricsRegistry();
    const sut = await buildTestApp({ metrics, catalog: fakeCatalog({ ListEvents: async () => ({ events: [], total: 0, page: 1, limit: 20 }) }) });
    expect((await sut.request({ method: 'GET', url: '/api/v1/events?page=2' })).statusCode).toBe(200);
    expect((await sut.request({ method: 'GET', url: '/api/v1/events/not-an-id-1' })).statusCode).toBe(400);
    expect((await sut.request({ method: 'GET', url: '/api/v1/events/not-an-id-2' })).statusCode).toBe(400);
    expect((await sut.request({ method: 'GET', url: '/wp-admin/secret-path' })).statusCode).toBe(404);
    await sut.app.close();

    const scrape = parsePrometheusText(await metrics.metrics());
    const count = (labels: Record<string, string>) => scrape.value('ticres_http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/api/v1/events', status_code: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/api/v1/events/:id', status_code: '400' })).toBe(2);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    const routes = new Set(scrape.samples.map((sample) => sample.labels.route));
    expect(routes).toEqual(new Set(['/api/v1/events', '/api/v1/events/:id', 'unmatched']));
  });
});
