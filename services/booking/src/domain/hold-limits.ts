import { holdCooldown, holdLimitReached, addressSeatLimitReached, userSeatLimitReached } from './errors';

/** The anti-hoarding rules a hold must pass (booking's configuration); 0 turns a rule off where said. */
export interface HoldLimits {
  /** Open holds (PENDING bookings) one person may have on one event. */
  maxOpenHoldsPerUserPerEvent: number;
  /** Seats one person may have on hold across every event at once. */
  maxOpenHeldSeatsPerUser: number;
  /** Seats held on one event by every account behind one client address together; 0: no limit. */
  maxHeldSeatsPerAddressPerEvent: number;
  /** How long after releasing a hold on an event (cancelled, or run out) the person may hold there again; 0: at once. */
  holdCooldownSeconds: number;
}

/** Whose holds a hold is counted with: the person, and (when that rule is on) the client address. */
export interface HoldCounting {
  userId: string;
  /** Undefined: the address is unknown or not counted. */
  clientAddress: string | undefined;
}

/** What the caller (and its address) has now, read inside the hold's transaction once its holds are serialised. */
export interface HoldTally {
  openHoldsOnEvent: number;
  openSeatsOfUser: number;
  /** 0 when the address is unknown or the address rule is off. */
  openSeatsOfAddressOnEvent: number;
  /** Seconds until the person's cool-down on the event ends; 0 for none. */
  cooldownLeftSeconds: number;
}

/**
 * Throws the first rule the hold of `seats` more seats would break: the cool-down (429, a matter
 * of time), then the caps (422): holds per person per event, seats per person, seats per address.
 */
export function checkHoldLimits(limits: HoldLimits, tally: HoldTally, seats: number): void {
  if (tally.cooldownLeftSeconds > 0) throw holdCooldown(tally.cooldownLeftSeconds);
  if (tally.openHoldsOnEvent >= limits.maxOpenHoldsPerUserPerEvent) throw holdLimitReached(limits.maxOpenHoldsPerUserPerEvent);
  if (tally.openSeatsOfUser + seats > limits.maxOpenHeldSeatsPerUser) throw userSeatLimitReached(limits.maxOpenHeldSeatsPerUser, tally.openSeatsOfUser);
  const perAddress = limits.maxHeldSeatsPerAddressPerEvent;
  if (perAddress > 0 && tally.openSeatsOfAddressOnEvent + seats > perAddress) throw addressSeatLimitReached(perAddress);
}
