/**
 * The services that call others as themselves (a token from auth's IssueServiceToken, `sub`
 * `service:<name>`), each allowed only the internal RPCs it needs.
 */
/** Reads contacts (auth's GetContact) to write to people. */
export const NOTIFIER_SERVICE = 'notifier';
/** Claims and releases bookings for payment (booking's ClaimForPayment, ReleasePaymentClaim). */
export const PAYMENT_SERVICE = 'payment';
/** Tells auth who the person logging in is (`CLIENT_ADDRESS_METADATA` on Login), for its login limits. */
export const GATEWAY_SERVICE = 'gateway';

/**
 * gRPC metadata with the end user's IP address, as the gateway saw it. Believed only on a call
 * that carries the gateway's own token; anyone else could name any address.
 */
export const CLIENT_ADDRESS_METADATA = 'ticres-client-address';
