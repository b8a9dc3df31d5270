import { AppError } from '@ticres/shared';

/** Also what another user's payment looks like: its existence is never revealed. */
export const paymentNotFound = (): AppError => new AppError('NOT_FOUND', 'No payment for this booking.');

export const bookingAlreadyPaid = (): AppError => new AppError('ALREADY_PAID', 'The booking is paid already.');

export const paymentDeclined = (): AppError =>
  new AppError('PAYMENT_DECLINED', 'The payment was declined; nothing was charged and the booking can still be paid.');

/** The provider gave no answer in time: the attempt failed, the booking stays payable. */
export const paymentTimedOut = (): AppError =>
  new AppError('PAYMENT_DECLINED', 'The payment provider did not confirm the charge in time; the payment failed and the booking can still be paid.');
