export const PASSWORD_MIN_BYTES = 8;
/** bcrypt reads only the first 72 bytes; a longer password would be silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

/** Length as bcrypt sees it: UTF-8 bytes, not characters ('é' is two). */
export function passwordByteLength(password: string): number {
  return new TextEncoder().encode(password).length;
}

/** Why a password is unacceptable, or undefined. Never trimmed: every byte counts. */
export function passwordProblem(password: string): string | undefined {
  const bytes = passwordByteLength(password);
  if (bytes < PASSWORD_MIN_BYTES) return `must be at least ${PASSWORD_MIN_BYTES} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  return undefined;
}
