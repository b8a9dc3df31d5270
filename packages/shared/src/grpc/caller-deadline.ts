/** Metadata with the caller's deadline as epoch ms, sent beside gRPC's own relative `grpc-timeout`. */
export const DEADLINE_HEADER = 'ticres-deadline';

/**
 * The most a call's deadline is brought forward by the caller's: more than the transit a call
 * takes between two busy event loops (up to ~0.2 s measured in a login burst on two cores), and
 * no more than a caller whose clock runs ahead can take from a call.
 */
const MAX_TRANSIT_MS = 1_000;

/**
 * A call's deadline as the server should count it. `grpc-timeout` is relative, so the server
 * counts it from when it reads the call: a call that waited in a busy caller's or server's event
 * loop gets that wait again, and the server may start work that ends after its caller gave up.
 * The caller's own deadline (DEADLINE_HEADER) corrects it, within MAX_TRANSIT_MS: services of one
 * deployment share a clock to within milliseconds (NTP), and one that does not can cut a call's
 * time by at most that much.
 */
export function callerDeadline(timeoutDeadline: number, stated: string | Buffer | undefined): number {
  const statedDeadline = Number(stated?.toString() || NaN);
  if (!Number.isFinite(statedDeadline)) return timeoutDeadline;
  return Math.min(timeoutDeadline, Math.max(statedDeadline, timeoutDeadline - MAX_TRANSIT_MS));
}
