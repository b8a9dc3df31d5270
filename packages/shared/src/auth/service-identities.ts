/**
 * The services that call others as themselves (a token from auth's IssueServiceToken, `sub`
 * `service:<name>`), each allowed only the internal RPCs it needs.
 */
/** Reads contacts (auth's GetContact) to write to people. */
export const NOTIFIER_SERVICE = 'notifier';
/** Claims and releases bookings for payment (booking's ClaimForPayment, ReleasePaymentClaim). */
export const PAYMENT_SERVICE = 'payment';
