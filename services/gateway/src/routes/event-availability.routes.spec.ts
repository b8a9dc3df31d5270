import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { bookingV1 } from '@ticres/proto';
import { AppError } from '@ticres/shared';
import { fakeBooking, fakeCatalog } from '../../test/support/fake-clients';
import { EVENT_ID, eventMessage } from '../../test/support/messages';
import { buildTestApp } from '../../test/support/test-app';
import { AVAILABILITY_CACHE_CONTROL } from './event-availability.routes';

const URL = `/api/v1/events/${EVENT_ID}/availability`;
const ETAG = 'W/"map-v1"';
const PREFIX = '0190a4a4-7c3e-7b9a-9d7e-2f1f';

/** A stadium's map as booking answers it: 100 x 500 seats, a few held and sold, and a lawn. */
function stadiumMap(etag = ETAG): bookingV1.EventAvailability__Output {
  const floor = 'hhs'.padEnd(25_000, 'a') + 'v'.repeat(10) + 'a'.repeat(24_990);
  return {
    event_id: EVENT_ID,
    etag,
    not_modified: false,
    currency: 'IDR',
    sections: [
      {
        name: 'Floor',
        position: 0,
        price_cents: 20_000_000,
        rows: 100,
        seats_per_row: 500,
        capacity: 50_000,
        seat_id_prefix: PREFIX,
        available: 49_987,
        statuses: floor,
      },
      { name: 'Lawn', position: 1, price_cents: 5_000_000, rows: 0, seats_per_row: 0, capacity: 3, seat_id_prefix: '', available: 2, statuses: 'as-' },
    ],
  };
}

const notModified = (etag = ETAG): bookingV1.EventAvailability__Output => ({ event_id: '', etag, not_modified: true, currency: '', sections: [] });

describe('GET /api/v1/events/:id/availability', () => {
  it('answers the compact map with an ETag, a revalidate-always Cache-Control and Vary', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ GetEventAvailability: async () => stadiumMap() }) });
    const res = await sut.request({ method: 'GET', url: URL });

    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ etag: ETAG, 'cache-control': AVAILABILITY_CACHE_CONTROL, vary: 'accept-encoding' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-encoding']).toBeUndefined();
    const body = res.json();
    expect(body.data.event_id).toBe(EVENT_ID);
    expect(body.data.currency).toBe('IDR');
    expect(body.data.sections.map(({ statuses, ...section }: { statuses: string }) => ({ ...section, length: statuses.length }))).toEqual([
      {
        name: 'Floor',
        price_cents: 20_000_000,
        rows: 100,
        seats_per_row: 500,
        capacity: 50_000,
        seat_id_prefix: PREFIX,
        available: 49_987,
        length: 50_000,
      },
      { name: 'Lawn', price_cents: 5_000_000, capacity: 3, seat_id_prefix: null, available: 2, length: 3 },
    ]);
    expect(body.data.sections[0].statuses.slice(0, 4)).toBe('hhsa');
    expect(sut.booking.GetEventAvailability).toHaveBeenCalledWith({ event_id: EVENT_ID, known_etags: [] });
    await sut.app.close();
  });

  it.each([
    ['gzip', (body: Buffer) => gunzipSync(body)],
    ['br', (body: Buffer) => brotliDecompressSync(body)],
  ])('compresses with %s when the client accepts it, to a small fraction of the JSON', async (coding, decompress) => {
    const sut = await buildTestApp({ booking: fakeBooking({ GetEventAvailability: async () => stadiumMap() }) });
    const plain = await sut.request({ method: 'GET', url: URL });
    const res = await sut.request({ method: 'GET', url: URL, headers: { 'accept-encoding': `deflate, ${coding}` } });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(coding);
    expect(res.headers.etag).toBe(ETAG);
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 20);
    expect(decompress(res.rawPayload).toString()).toBe(plain.body);
    await sut.app.close();
  });

  it('answers 304 with no body to an If-None-Match holding the current tag, passing the client tags to booking', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ GetEventAvailability: async () => notModified() }) });
    const res = await sut.request({ method: 'GET', url: URL, headers: { 'if-none-match': `W/"older", ${ETAG}`, 'accept-encoding': 'gzip' } });

    expect(res.statusCode).toBe(304);
    expect(res.body).toBe('');
    expect(res.headers).toMatchObject({ etag: ETAG, 'cache-control': AVAILABILITY_CACHE_CONTROL });
    expect(sut.booking.GetEventAvailability).toHaveBeenCalledWith({ event_id: EVENT_ID, known_etags: ['W/"older"', ETAG] });
    await sut.app.close();
  });

  it('answers 200 with the new map to an If-None-Match holding an older tag', async () => {
    const sut = await buildTestApp({ booking: fakeBooking({ GetEventAvailability: async () => stadiumMap('W/"map-v2"') }) });
    const res = await sut.request({ method: 'GET', url: URL, headers: { 'if-none-match': ETAG } });

    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"map-v2"');
    expect(res.json().data.sections).toHaveLength(2);
    await sut.app.close();
  });

  it('serves the map it has encoded already when booking answers not_modified to its own tag', async () => {
    const answers = [stadiumMap(), notModified()];
    const sut = await buildTestApp({ booking: fakeBooking({ GetEventAvailability: async () => answers.shift()! }) });
    const first = await sut.request({ method: 'GET', url: URL, headers: { 'accept-encoding': 'br' } });
    const second = await sut.request({ method: 'GET', url: URL, headers: { 'accept-encoding': 'br' } });

    expect(second.statusCode).toBe(200);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(sut.booking.GetEventAvailability).toHaveBeenLastCalledWith({ event_id: EVENT_ID, known_etags: [ETAG] });
    await sut.app.close();
  });

  it('answers empty sections, not cached, while booking has not materialized an event catalog has', async () => {
    const sut = await buildTestApp({
      catalog: fakeCatalog({ GetEvent: async () => eventMessage() }),
      booking: fakeBooking({ GetEventAvailability: () => Promise.reject(new AppError('NOT_FOUND', 'No such event.')) }),
    });
    const res = await sut.request({ method: 'GET', url: URL });

    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(res.json()).toEqual({ data: { event_id: EVENT_ID, currency: null, sections: [] } });
    await sut.app.close();
  });

  it('answers 404 for an event neither service knows, and 400 for an id that is not a UUID', async () => {
    const notFound = () => Promise.reject(new AppError('NOT_FOUND', 'No such event.'));
    const sut = await buildTestApp({ catalog: fakeCatalog({ GetEvent: notFound }), booking: fakeBooking({ GetEventAvailability: notFound }) });

    const missing = await sut.request({ method: 'GET', url: URL });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await sut.request({ method: 'GET', url: '/api/v1/events/42/availability' });
    expect(malformed.statusCode).toBe(400);
    expect(sut.booking.GetEventAvailability).toHaveBeenCalledTimes(1);
    await sut.app.close();
  });

  it('is documented in the OpenAPI document with its schema and an example', async () => {
    const sut = await buildTestApp();
    const doc = (await sut.request({ method: 'GET', url: '/openapi.json' })).json();
    const operation = doc.paths['/api/v1/events/{id}/availability'].get;

    const ok = operation.responses['200'];
    expect(ok.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/EventAvailabilityResponse' });
    expect(Object.keys(ok.headers)).toEqual(['ETag', 'Cache-Control']);
    const map = doc.components.schemas.EventAvailability;
    expect(map.properties.sections.items.required).toEqual(['name', 'price_cents', 'capacity', 'seat_id_prefix', 'available', 'statuses']);
    expect(map.example.sections[0].statuses).toBe('haaaaasa');
    expect(operation.responses['304'].headers.ETag).toBeDefined();
    await sut.app.close();
  });
});
