import { AppError, RetryLaterError, validationError } from '@ticres/shared';

export const eventNotFound = (): AppError => new AppError('NOT_FOUND', 'No such event.');

export const eventNotAvailable = (reason: string): AppError => new AppError('EVENT_NOT_AVAILABLE', reason);

/** Unknown seat ids and seats of another event look the same to the caller. */
export const seatsNotOfEvent = (): AppError => validationError([{ field: 'seat_ids', message: 'must all be seats of the event' }]);

export const seatsUnavailable = (): AppError => new AppError('SEAT_UNAVAILABLE', 'One or more of the seats are not available any more; nothing was held.');

export const notEnoughSeats = (): AppError => new AppError('SEAT_UNAVAILABLE', 'Not enough seats are available; nothing was held.');

/** Seats remain but other buyers keep them locked longer than a request may wait; safe to retry. */
export const seatsContended = (): AppError => new AppError('CONFLICT', 'The seats are in high demand right now; try again.');

/** The hold was ready only after its caller's deadline: rolled back, nothing held; safe to retry. */
export const holdTooLate = (): AppError => new AppError('UNAVAILABLE', 'The seats could not be held in time; nothing was held.');

export const holdLimitReached = (max: number): AppError =>
  new AppError('LIMIT_EXCEEDED', `You already have ${max} open ${max === 1 ? 'hold' : 'holds'} for this event; pay for or cancel one first.`);

export const userSeatLimitReached = (max: number, held: number): AppError =>
  new AppError(
    'USER_SEAT_LIMIT_EXCEEDED',
    `You may have at most ${max} seats on hold across all events and have ${held}; pay for or cancel a hold first.`,
  );

/** Says nothing of the other accounts: only that too many seats are held from the caller's network address. */
export const addressSeatLimitReached = (max: number): AppError =>
  new AppError('ADDRESS_SEAT_LIMIT_EXCEEDED', `At most ${max} seats of this event may be on hold from one network address at once.`);

export const holdCooldown = (secondsLeft: number): AppError =>
  new RetryLaterError('HOLD_COOLDOWN', `You released a hold on this event a moment ago; you may hold seats here again in ${secondsLeft} s.`, secondsLeft);

/** Also what another user's booking looks like: its existence is never revealed. */
export const bookingNotFound = (): AppError => new AppError('NOT_FOUND', 'No such booking.');

export const bookingExpired = (): AppError => new AppError('BOOKING_EXPIRED', 'The booking has expired.');

export const bookingNotCancellable = (status: string): AppError =>
  new AppError('CONFLICT', `Only a pending booking can be cancelled; this one is ${status}.`);

export const bookingAlreadyPaid = (): AppError => new AppError('ALREADY_PAID', 'The booking is paid already.');

export const bookingNotPayable = (status: string): AppError => new AppError('CONFLICT', `Only a pending booking can be paid for; this one is ${status}.`);

/** Another payment is charging for the booking right now; safe to retry once it has settled. */
export const bookingClaimedByAnotherPayment = (): AppError => new AppError('CONFLICT', 'Another payment for this booking is in progress.');
