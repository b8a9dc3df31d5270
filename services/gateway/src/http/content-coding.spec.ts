import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { encodedBody, negotiateCoding } from './content-coding';

describe('negotiateCoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['GZIP ; q=0.8', 'gzip'],
  ])('Accept-Encoding %p -> %s', (header, coding) => {
    expect(negotiateCoding(header)).toBe(coding);
  });
});

describe('encodedBody', () => {
  it('gives the body as is, gzipped and brotli-compressed, each made once', async () => {
    const json = Buffer.from(JSON.stringify({ statuses: 'a'.repeat(50_000) }));
    const body = encodedBody(json);
    expect(await body.encoded('identity')).toBe(json);
    const gzipped = await body.encoded('gzip');
    expect(gunzipSync(gzipped).equals(json)).toBe(true);
    expect(brotliDecompressSync(await body.encoded('br')).equals(json)).toBe(true);
    expect(gzipped.length).toBeLessThan(json.length / 10);
    expect(await body.encoded('gzip')).toBe(gzipped);
  });
});
