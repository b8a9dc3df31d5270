import { newId } from '@ticres/shared';
import { rejectionOf } from '../../test/support/failures';
import { storedEvent } from '../../test/support/fixtures';
import type { CatalogEvent, StoredEvent } from '../domain/event';
import { createGetEvent } from './get-event';
import type { Fresh } from './ports';

function setUp(events: StoredEvent[], now: Date) {
  const loaded: Fresh<CatalogEvent | undefined>[] = [];
  const asked: string[] = [];
  const sut = createGetEvent({
    events: { findById: async (id) => events.find((event) => event.id === id) },
    cache: {
      event: async (id, load) => {
        asked.push(id);
        const fresh = await load();
        loaded.push(fresh);
        return fresh.value;
      },
    },
    now: () => now,
  });
  return { sut, loaded, asked };
}

describe('getEvent', () => {
  const startsAt = new Date('2030-03-01T12:00:00Z');

  it('answers an upcoming event as available, cacheable until it starts', async () => {
    const event = storedEvent({ startsAt });
    const { sut, loaded } = setUp([event], new Date('2030-01-01T00:00:00Z'));
    await expect(sut(event.id)).resolves.toEqual({ ...event, status: 'available' });
    expect(loaded).toEqual([{ value: { ...event, status: 'available' }, until: startsAt }]);
  });

  it('answers a started event as completed, cacheable until a write', async () => {
    const event = storedEvent({ startsAt });
    const { sut, loaded } = setUp([event], startsAt);
    await expect(sut(event.id)).resolves.toMatchObject({ status: 'completed' });
    expect(loaded[0]?.until).toBeUndefined();
  });

  it('looks up an upper-case id under its lower-case form', async () => {
    const event = storedEvent();
    const { sut, asked } = setUp([event], new Date('2030-01-01T00:00:00Z'));
    await expect(sut(event.id.toUpperCase())).resolves.toMatchObject({ id: event.id });
    expect(asked).toEqual([event.id]);
  });

  it('answers NOT_FOUND for an unknown id and VALIDATION_FAILED, without a lookup, for a malformed one', async () => {
    const { sut, asked } = setUp([], new Date());
    expect((await rejectionOf(sut(newId()))).code).toBe('NOT_FOUND');
    expect(await rejectionOf(sut("1' OR 1=1"))).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'id', message: 'must be a UUID' }] });
    expect(asked).toHaveLength(1);
  });
});
