import { parseEventQuery, type EventQueryInput } from '../domain/event-query';
import { entryKey, eventSuffix, listSuffix, versionKey } from './cache-keys';

const keyOf = (overrides: Partial<EventQueryInput>) =>
  listSuffix(parseEventQuery({ search: '', status: '', from: '', to: '', page: 0, limit: 0, ...overrides }));

describe('cache keys', () => {
  it('lay out the version and entries under the prefix', () => {
    expect(versionKey('ticres:catalog')).toBe('ticres:catalog:version');
    expect(entryKey('ticres:catalog', '42', eventSuffix('0190a0a0-0000-7000-8000-000000000001'))).toBe(
      'ticres:catalog:v42:event:0190a0a0-0000-7000-8000-000000000001',
    );
    expect(keyOf({})).toMatch(/^list:[0-9a-f]{40}$/);
  });

  it('give one list key to queries that must answer the same', () => {
    expect(keyOf({})).toBe(keyOf({ page: 1, limit: 20 }));
    expect(keyOf({ search: 'Jazz' })).toBe(keyOf({ search: '  jazz ' }));
    expect(keyOf({ from: '2030-01-01T07:00:00+07:00' })).toBe(keyOf({ from: '2030-01-01T00:00:00.000Z' }));
    expect(keyOf({ to: '2030-01-01T00:00Z' })).toBe(keyOf({ to: '2030-01-01T00:00:00Z' }));
  });

  it('give different list keys to queries that may answer differently', () => {
    const keys = [
      keyOf({}),
      keyOf({ search: 'jazz' }),
      keyOf({ search: 'jazz ' + 'x' }),
      keyOf({ status: 'available' }),
      keyOf({ status: 'completed' }),
      keyOf({ from: '2030-01-01T00:00:00Z' }),
      keyOf({ to: '2030-01-01T00:00:00Z' }),
      keyOf({ page: 2 }),
      keyOf({ limit: 21 }),
      // A search that looks like another field's value must not collide with that field.
      keyOf({ search: 'available' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
