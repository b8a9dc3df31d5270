import type { CatalogEvent } from '../domain/event';
import { eventCodec, pageCodec } from './event-codec';

const event: CatalogEvent = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  name: 'Jazz',
  description: '',
  location: 'Jakarta',
  startsAt: new Date('2030-03-01T12:00:00Z'),
  currency: 'IDR',
  status: 'cancelled',
  organizerId: '0190a0a0-0000-7000-8000-0000000000aa',
  sections: [{ name: 'VIP', priceCents: 100_000_000_000, rows: 2, seatsPerRow: 5, capacity: 10 }],
  capacity: 10,
  createdAt: new Date('2029-12-01T00:00:00Z'),
  updatedAt: new Date('2029-12-02T00:00:00Z'),
  cancelledAt: new Date('2029-12-02T00:00:00Z'),
  cancelReason: 'storm',
};

describe('cache codecs', () => {
  it('round-trip an event with its dates', () => {
    expect(eventCodec.decode(eventCodec.encode(event))).toEqual({ value: event });
    const { cancelledAt: _at, cancelReason: _reason, ...available } = { ...event, status: 'available' as const };
    expect(eventCodec.decode(eventCodec.encode(available))).toEqual({ value: available });
  });

  it('round-trip the answer that an event does not exist', () => {
    expect(eventCodec.decode(eventCodec.encode(undefined))).toEqual({ value: undefined });
  });

  it('round-trip a page', () => {
    const page = { events: [event], total: 41, page: 3, limit: 20 };
    expect(pageCodec.decode(pageCodec.encode(page))).toEqual({ value: page });
  });

  it('treat text of another format or no JSON at all as a miss', () => {
    expect(eventCodec.decode('{"format":0,"value":null}')).toBeUndefined();
    expect(eventCodec.decode('{"value":null}')).toBeUndefined();
    expect(eventCodec.decode('not json')).toBeUndefined();
    expect(pageCodec.decode('{"format":1,"value":null}')).toBeUndefined();
  });
});
