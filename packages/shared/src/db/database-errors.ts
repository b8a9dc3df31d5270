/** The SQLSTATE of a Postgres error, or the errno code of a socket error (`ECONNREFUSED`). */
const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Postgres SQLSTATE class 22: the data, not the system, is at fault; trying again cannot help. */
export function isDataException(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && code.length === 5 && code.startsWith('22');
}

/** Socket errors of a server that is down, restarting or out of reach. */
const SOCKET_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that cannot serve now but will: the connection exceptions (class 08), a
 * shutdown or restart (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now) and
 * no connection slot left (53300 too_many_connections).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * node-postgres reports a lost connection, and pg-pool a connection it could not open in time,
 * without a code: only these messages tell them apart.
 */
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'timeout expired',
];

/**
 * True when `error` means the database could not be reached or dropped the connection (a
 * restart, a network fault, no free connection), as opposed to a fault of the request or the
 * code: the same request may succeed once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors come from Node's own realm, which is not
  // the realm of the code that catches them under a test runner's VM.
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') return false;
  const { message, cause, errors } = error as { message: string; cause?: unknown; errors?: unknown };
  const code = codeOf(error);
  if (code !== undefined) {
    if (SOCKET_FAILURES.has(code) || UNAVAILABLE_STATES.has(code) || (code.length === 5 && code.startsWith('08'))) return true;
  }
  // An aggregate (several addresses refused) or a wrapper keeps the socket error inside.
  if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
  if (cause !== undefined && cause !== error && isDatabaseUnavailable(cause)) return true;
  return CONNECTION_LOST_MESSAGES.some((text) => message.startsWith(text));
}
