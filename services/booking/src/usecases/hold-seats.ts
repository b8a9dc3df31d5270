import { claimIdempotencyKey, type ClaimIdempotencyKeyPorts, type ClaimRules, type IdempotencyClaim, type Principal } from '@ticres/shared';
import type { Booking } from '../domain/booking';
import { bookingNotFound } from '../domain/errors';
import { holdRequestFingerprint, parseHoldRequest, type HoldSeatsInput } from '../domain/hold-request';
import type { PlaceHold } from './place-hold';

export interface HoldSeatsPorts {
  placeHold: PlaceHold;
  /** Each call commits on its own, outside the hold's transaction. */
  idempotencyKeys: ClaimIdempotencyKeyPorts['idempotencyKeys'] & { release(claim: IdempotencyClaim): Promise<void> };
  bookings: { findById(id: string): Promise<Booking | undefined> };
  idempotencyTtlSeconds: number;
}

export type HoldSeats = (caller: Principal, input: HoldSeatsInput) => Promise<Booking>;

/** Longer than any hold can run (statement timeout, gRPC deadline), so a live claim is never taken. */
export const ABANDONED_CLAIM_SECONDS = 60;

/**
 * HoldSeats with its Idempotency-Key. The key is claimed in its own committed statement before
 * the hold; the hold's transaction records the booking on it, and a hold that fails releases the
 * claim so the client can retry with the same key. The same key and request again replays the
 * first booking (as it is now); another request with the key is IDEMPOTENCY_KEY_REUSED; while the
 * first is still running, IDEMPOTENCY_IN_PROGRESS.
 */
export function createHoldSeats({ placeHold, idempotencyKeys, bookings, idempotencyTtlSeconds }: HoldSeatsPorts): HoldSeats {
  const rules: ClaimRules = { ttlSeconds: idempotencyTtlSeconds, abandonAfterSeconds: ABANDONED_CLAIM_SECONDS };

  return async (caller, input) => {
    const request = parseHoldRequest(input);
    if (request.idempotencyKey === undefined) return placeHold(caller, request);

    const claim: IdempotencyClaim = { userId: caller.userId, key: request.idempotencyKey, requestHash: holdRequestFingerprint(request) };
    const outcome = await claimIdempotencyKey({ idempotencyKeys, rules }, claim);
    if (outcome.kind === 'replay') {
      const booking = await bookings.findById(outcome.resultId);
      if (!booking) throw bookingNotFound();
      return booking;
    }
    try {
      return await placeHold(caller, request, claim);
    } catch (error) {
      // The hold committed nothing. If releasing fails too, the claim lapses after
      // ABANDONED_CLAIM_SECONDS; the hold's own error is what the caller must see.
      await idempotencyKeys.release(claim).catch(() => undefined);
      throw error;
    }
  };
}
