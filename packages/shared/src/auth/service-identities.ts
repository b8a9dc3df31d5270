/**
 * The services that call others as themselves (a token from auth's IssueServiceToken, `sub`
 * `service:<name>`), each allowed only the internal RPCs it needs.
 */
/** Reads contacts (auth's GetContact) to write to people. */
export const NOTIFIER_SERVICE = 'notifier';
/** Claims and releases bookings for payment (booking's ClaimForPayment, ReleasePaymentClaim). */
export const PAYMENT_SERVICE = 'payment';
/**
 * Names the end user's address: to auth on Login (`CLIENT_ADDRESS_METADATA`, with the gateway's
 * token as the call's), to booking on HoldSeats (`client_address`, with the gateway's token in
 * `GATEWAY_TOKEN_METADATA` beside the person's).
 */
export const GATEWAY_SERVICE = 'gateway';

/**
 * gRPC metadata with the end user's IP address, as the gateway saw it. Believed only on a call
 * that carries the gateway's own token; anyone else could name any address.
 */
export const CLIENT_ADDRESS_METADATA = 'ticres-client-address';

/**
 * gRPC metadata with the gateway's own service token on a call made with a person's token (a
 * hold): it vouches for the client address the request names.
 */
export const GATEWAY_TOKEN_METADATA = 'ticres-gateway-token';
