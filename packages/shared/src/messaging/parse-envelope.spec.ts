import { parseEnvelope } from './parse-envelope';

describe('parseEnvelope', () => {
  const known = new Set(['event.cancelled']);
  const valid = {
    id: '0190f5a2-0000-7000-8000-000000000001',
    type: 'event.cancelled',
    version: 1,
    occurred_at: '2030-01-02T03:04:05.678Z',
    aggregate_id: '0190f5a2-0000-7000-8000-0000000000aa',
    data: { event_id: '0190f5a2-0000-7000-8000-0000000000aa', reason: 'rain', cancelled_at: '2030-01-01T00:00:00Z' },
  };
  const parse = (value: unknown) => parseEnvelope(Buffer.from(JSON.stringify(value)), known);

  it('accepts a well-formed envelope of a known type', () => {
    expect(parse(valid)).toEqual({ ok: true, envelope: valid });
  });

  it.each([
    ['a body that is not JSON', Buffer.from('{not json'), 'body is not JSON'],
    ['an array', Buffer.from('[]'), 'body is not an object'],
  ])('refuses %s', (_name, body, reason) => {
    expect(parseEnvelope(body, known)).toEqual({ ok: false, reason });
  });

  it.each([
    ['an id that is not a UUID', { id: '42' }, 'id is not a UUID'],
    ['a type nobody handles', { type: 'event.exploded' }, 'unknown type event.exploded'],
    ['a version this build does not know', { version: 2 }, 'unsupported version 2'],
    ['a version that is not a number', { version: '1' }, 'unsupported version 1'],
    ['an occurred_at that is not a time', { occurred_at: 'yesterday' }, 'occurred_at is not a time'],
    ['a missing aggregate_id', { aggregate_id: undefined }, 'aggregate_id is not a UUID'],
    ['data that is not an object', { data: 'x' }, 'data is not an object'],
  ])('refuses %s', (_name, change, reason) => {
    expect(parse({ ...valid, ...change })).toEqual({ ok: false, reason });
  });
});
