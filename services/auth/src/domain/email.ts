import { USER_LIMITS } from '@ticres/shared/limits';

export const EMAIL_MAX_LENGTH = USER_LIMITS.emailLength;
const LOCAL_PART_MAX_LENGTH = 64;

// The WHATWG form-validation grammar (what browsers accept in <input type=email>), plus a dot in the
// domain: an address on a bare host name cannot receive a ticket. Non-ASCII addresses (RFC 6531)
// are refused until the notifier's SMTP path is known to handle them.
const LOCAL_PART = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * The address as it will be stored: only surrounding whitespace is removed. Case is kept, since
 * the local part is case-sensitive in theory; uniqueness and look-ups compare `lower(email)`.
 */
export function normalizeEmail(email: string): string {
  return email.trim();
}

/** Why a normalised address is unacceptable, or undefined when it is fine. */
export function emailProblem(email: string): string | undefined {
  if (email.length === 0) return 'is required';
  if (email.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters`;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const valid =
    at > 0 && local.length <= LOCAL_PART_MAX_LENGTH && LOCAL_PART.test(local) && labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
  return valid ? undefined : 'must be a valid email address';
}
