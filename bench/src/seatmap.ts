/**
 * How a client fetches an event's seat map: the compact `GET /api/v1/events/:id/availability`
 * (one status character per seat, per section). BENCH_SEATMAP_PATH (with `{id}` for the event id,
 * e.g. `/api/v1/events/{id}`, which lists seats only up to booking's EVENT_DETAIL_MAX_SEATS)
 * measures another resource; both answers are understood. The stadium
 * and scale scenarios fetch through here only, and measure whatever it answers (bytes on the
 * wire, time, ETag -> 304).
 */
import { request } from 'undici';
import { now } from './clock.ts';

export const SEAT_MAP_PATH: (eventId: string) => string = (eventId) =>
  (process.env.BENCH_SEATMAP_PATH ?? '/api/v1/events/{id}/availability').replace('{id}', eventId);

export interface SeatMapFetch {
  status: number;
  /** Bytes received, as sent (compressed when the server compressed). */
  wireBytes: number;
  contentEncoding: string;
  etag?: string;
  cacheControl?: string;
  ms: number;
  /** Seats in the answer (`data.seats`, or the sections' `statuses`) when it is uncompressed JSON; undefined otherwise. */
  seats?: number;
  /** Of those, the seats not `available`. */
  taken?: number;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

export async function fetchSeatMap(
  baseUrl: string,
  eventId: string,
  options: { acceptEncoding?: string; ifNoneMatch?: string } = {},
): Promise<SeatMapFetch> {
  const headers: Record<string, string> = {};
  if (options.acceptEncoding) headers['accept-encoding'] = options.acceptEncoding;
  if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
  const start = now();
  // undici's request never decompresses: the bytes counted are the bytes that crossed the wire.
  const res = await request(`${baseUrl}${SEAT_MAP_PATH(eventId)}`, { headers });
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) chunks.push(chunk as Buffer);
  const ms = now() - start;
  const body = Buffer.concat(chunks);
  const contentEncoding = header(res.headers['content-encoding']) ?? 'identity';
  let seats: number | undefined;
  let taken: number | undefined;
  if (contentEncoding === 'identity' && res.statusCode === 200) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as {
        data?: { seats?: { status?: string }[]; sections?: { statuses: string }[] };
      };
      if (Array.isArray(parsed.data?.seats)) {
        seats = parsed.data.seats.length;
        taken = parsed.data.seats.filter((seat) => seat.status !== 'available').length;
      } else if (Array.isArray(parsed.data?.sections)) {
        // One character per place: `a` available, `-` no seat, anything else taken.
        const places = parsed.data.sections
          .map((section) => section.statuses)
          .join('')
          .replaceAll('-', '');
        seats = places.length;
        taken = places.replaceAll('a', '').length;
      }
    } catch {
      seats = undefined;
    }
  }
  return {
    status: res.statusCode,
    wireBytes: body.length,
    contentEncoding,
    etag: header(res.headers.etag),
    cacheControl: header(res.headers['cache-control']),
    ms,
    seats,
    taken,
  };
}

interface EventDetailBody {
  data: { seats?: { id: string; status: string; price_cents: number }[]; seat_count?: number; seat_map?: string };
}

/** `GET /events/:id`: every seat (up to booking's EVENT_DETAIL_MAX_SEATS), or their count and the seat map's path. */
async function eventDetailOf(baseUrl: string, eventId: string): Promise<EventDetailBody['data']> {
  const res = await request(`${baseUrl}/api/v1/events/${eventId}`);
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET /events/${eventId}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as EventDetailBody).data;
}

/** Seat ids and statuses of a (small) event, from the contract's `GET /events/:id`; fails for one above the bound. */
export async function seatsOf(baseUrl: string, eventId: string): Promise<{ id: string; status: string; price_cents: number }[]> {
  const { seats, seat_count: seatCount } = await eventDetailOf(baseUrl, eventId);
  if (!seats) throw new Error(`GET /events/${eventId} lists no seats (${seatCount} seats, above EVENT_DETAIL_MAX_SEATS): use the seat map`);
  return seats;
}

/**
 * How `GET /events/:id` accounts for an event's seats: listed (a small event), or counted with the
 * path of the seat map (above EVENT_DETAIL_MAX_SEATS), which must then be the event's availability path.
 */
export async function detailSeatCount(baseUrl: string, eventId: string): Promise<{ seats: number | undefined; form: string }> {
  const { seats, seat_count: seatCount, seat_map: seatMap } = await eventDetailOf(baseUrl, eventId);
  if (seats) return { seats: seats.length, form: `${seats.length} listed` };
  const linked = seatMap === `/api/v1/events/${eventId}/availability`;
  return { seats: linked ? seatCount : undefined, form: `seat_count ${seatCount}, seat_map ${seatMap}` };
}
