import { checkHoldLimits, type HoldLimits, type HoldTally } from './hold-limits';

const limits: HoldLimits = { maxOpenHoldsPerUserPerEvent: 1, maxOpenHeldSeatsPerUser: 20, maxHeldSeatsPerAddressPerEvent: 40, holdCooldownSeconds: 60 };
const nothingHeld: HoldTally = { openHoldsOnEvent: 0, openSeatsOfUser: 0, openSeatsOfAddressOnEvent: 0, cooldownLeftSeconds: 0 };
const refusal = (tally: Partial<HoldTally>, seats: number, rules: Partial<HoldLimits> = {}) => {
  try {
    checkHoldLimits({ ...limits, ...rules }, { ...nothingHeld, ...tally }, seats);
    return undefined;
  } catch (error) {
    return error as { code: string; retryAfterSeconds?: number };
  }
};

describe('checkHoldLimits', () => {
  it('lets a first hold through', () => {
    expect(refusal({}, 10)).toBeUndefined();
  });

  it('refuses during the cool-down, with the seconds left to wait', () => {
    expect(refusal({ cooldownLeftSeconds: 42 }, 1)).toMatchObject({ code: 'HOLD_COOLDOWN', retryAfterSeconds: 42 });
  });

  it('refuses a second open hold on the event', () => {
    expect(refusal({ openHoldsOnEvent: 1 }, 1)).toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('refuses seats beyond the per-person cap across events, counting the seats asked for', () => {
    expect(refusal({ openSeatsOfUser: 10 }, 10)).toBeUndefined();
    expect(refusal({ openSeatsOfUser: 11 }, 10)).toMatchObject({ code: 'USER_SEAT_LIMIT_EXCEEDED' });
  });

  it('refuses seats beyond the per-address cap on the event, unless that rule is off', () => {
    expect(refusal({ openSeatsOfAddressOnEvent: 30 }, 10)).toBeUndefined();
    expect(refusal({ openSeatsOfAddressOnEvent: 31 }, 10)).toMatchObject({ code: 'ADDRESS_SEAT_LIMIT_EXCEEDED' });
    expect(refusal({ openSeatsOfAddressOnEvent: 31 }, 10, { maxHeldSeatsPerAddressPerEvent: 0 })).toBeUndefined();
  });
});
