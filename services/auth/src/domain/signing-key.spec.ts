import { signingKeySchedule } from './signing-key';

describe('signingKeySchedule', () => {
  it('signs for one rotation period and verifies one access-token lifetime longer', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const schedule = signingKeySchedule(now, 7 * 86_400, 900);
    expect(schedule.signsUntil.toISOString()).toBe('2030-01-08T00:00:00.000Z');
    expect(schedule.verifiesUntil.toISOString()).toBe('2030-01-08T00:15:00.000Z');
  });
});
