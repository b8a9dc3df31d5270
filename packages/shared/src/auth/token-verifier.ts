import { importSPKI, jwtVerify } from 'jose';
import { AppError } from '../errors';

/** A key as jose imports it. */
type PublicKey = Awaited<ReturnType<typeof importSPKI>>;

/** What a person may do: every account starts as a customer; admins promote. */
export const ROLES = ['customer', 'organizer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** The role of a service's own token (auth's IssueServiceToken): never a person's role. */
export const SERVICE_ROLE = 'service';

/** A person's role, or `service` for another TicRes service calling with its own identity. */
export type PrincipalRole = Role | typeof SERVICE_ROLE;

/** A service token's `sub` is `service:<name>`; no user id (a UUID) can take that shape. */
export const SERVICE_SUBJECT_PREFIX = 'service:';

/**
 * Who is calling, as proven by a verified access token. For a service `role` is `service` and
 * `userId` is `service:<name>`: user-facing code must refuse it (`requireUser`) rather than act
 * for it as if it were a person.
 */
export interface Principal {
  userId: string;
  role: PrincipalRole;
  /**
   * A person's token only: `sid`, the login session (refresh-token family) it belongs to, and
   * `ver`, the user's token version when it was signed. A logout revokes the session, a role
   * change raises the version; see `revocation-record.ts`.
   */
  sessionId?: string;
  tokenVersion?: number;
}

/** The token of an `Authorization: Bearer <token>` value, or undefined. */
export function parseBearer(value: string | undefined): string | undefined {
  return value ? /^Bearer\s+(\S+)$/i.exec(value)?.[1] : undefined;
}

export interface VerificationKey {
  kid: string;
  alg: string;
  public_key_pem: string;
  /** ISO 8601; the key verifies nothing after it. */
  not_after: string;
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The only algorithm accepted; anything else in a header is rejected before any key is used. */
  algorithm: 'EdDSA';
  /** Fetches the current key set (auth's GetPublicKeys, or its own key store inside auth). */
  loadKeys: () => Promise<VerificationKey[]>;
  /**
   * An unknown `kid` reloads the keys at most this often, so junk tokens cannot hammer auth. A
   * request that arrives sooner waits for the next reload instead of being refused: a key auth
   * has just rotated in is always found.
   */
  minReloadIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Verified tokens remembered, so a client's next request skips the signature check. */
  cacheSize?: number;
}

export interface TokenVerifier {
  /** Resolves the caller, a person or a service, or throws AppError UNAUTHENTICATED. */
  verify(token: string | undefined): Promise<Principal>;
  /** The same for calls that act for a person: a service token is UNAUTHENTICATED here. */
  verifyUser(token: string | undefined): Promise<UserPrincipal>;
}

/** A known role whose subject has its shape: `service:<name>` for a service, anything else for a person. */
function subjectFits(sub: string, role: string): boolean {
  if (role === SERVICE_ROLE) return sub.length > SERVICE_SUBJECT_PREFIX.length && sub.startsWith(SERVICE_SUBJECT_PREFIX);
  return (ROLES as readonly string[]).includes(role) && !sub.startsWith(SERVICE_SUBJECT_PREFIX);
}

/** Verifies access tokens against cached public keys, refreshing them when a new `kid` appears. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience, algorithm, loadKeys, minReloadIntervalMs = 1_000, now = Date.now, cacheSize = 10_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let keys = new Map<string, { key: PublicKey; notAfter: number }>();
  let lastLoad = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  async function reload(): Promise<void> {
    const fresh = new Map<string, { key: PublicKey; notAfter: number }>();
    for (const k of await loadKeys()) {
      if (k.alg !== algorithm) continue;
      fresh.set(k.kid, { key: await importSPKI(k.public_key_pem, algorithm), notAfter: Date.parse(k.not_after) });
    }
    keys = fresh;
    lastLoad = now();
  }

  // token -> its principal, until the token or its key expires; oldest entries go first when full.
  const verified = new Map<string, { principal: Principal; validUntil: number }>();

  function remember(token: string, principal: Principal, validUntil: number): void {
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, { principal, validUntil });
  }

  async function keyFor(kid: string): Promise<{ key: PublicKey; notAfter: number } | undefined> {
    if (!keys.has(kid)) {
      // Every caller with an unknown kid shares one reload, spaced by the interval.
      loading ??= (async () => {
        const waitMs = lastLoad + minReloadIntervalMs - now();
        if (waitMs > 0) await sleep(waitMs);
        await reload();
      })().finally(() => {
        loading = undefined;
      });
      await loading;
    }
    const entry = keys.get(kid);
    return entry && entry.notAfter > now() ? entry : undefined;
  }

  const unauthenticated = () => new AppError('UNAUTHENTICATED', 'A valid access token is required.');

  async function verify(token: string | undefined): Promise<Principal> {
    if (!token) throw unauthenticated();
    const known = verified.get(token);
    if (known) {
      if (known.validUntil > now()) return known.principal;
      verified.delete(token);
    }
    try {
      let keyNotAfter = Number.POSITIVE_INFINITY;
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          if (header.alg !== algorithm || !header.kid) throw unauthenticated();
          const entry = await keyFor(header.kid);
          if (!entry) throw unauthenticated();
          keyNotAfter = entry.notAfter;
          return entry.key;
        },
        { issuer, audience, algorithms: [algorithm], currentDate: new Date(now()), requiredClaims: ['exp', 'iat', 'sub'] },
      );
      const { sub, role, sid, ver } = payload;
      if (typeof sub !== 'string' || typeof role !== 'string' || !subjectFits(sub, role)) throw unauthenticated();
      if (sid !== undefined && typeof sid !== 'string') throw unauthenticated();
      if (ver !== undefined && !Number.isSafeInteger(ver)) throw unauthenticated();
      const principal: Principal = { userId: sub, role: role as PrincipalRole };
      if (sid !== undefined) principal.sessionId = sid;
      if (ver !== undefined) principal.tokenVersion = ver as number;
      // jwtVerify has checked that `exp` is a number in the future.
      remember(token, principal, Math.min(payload.exp! * 1000, keyNotAfter));
      return principal;
    } catch (error) {
      if (error instanceof AppError && error.code !== 'UNAUTHENTICATED') throw error;
      throw unauthenticated();
    }
  }

  return {
    verify,
    async verifyUser(token) {
      const principal = await verify(token);
      requireUser(principal);
      return principal;
    },
  };
}

/** Throws FORBIDDEN unless the principal has one of the roles. */
export function requireRole(principal: Principal, ...roles: PrincipalRole[]): void {
  if (!roles.includes(principal.role)) throw new AppError('FORBIDDEN', 'You are not allowed to do this.');
}

/**
 * Throws FORBIDDEN unless one of the named services is calling (an internal RPC open to the
 * services that need it, and to no person or other service); returns its name.
 */
export function requireService(principal: Principal, allowed: readonly string[]): string {
  requireRole(principal, SERVICE_ROLE);
  const name = principal.userId.slice(SERVICE_SUBJECT_PREFIX.length);
  if (!allowed.includes(name)) throw new AppError('FORBIDDEN', 'You are not allowed to do this.');
  return name;
}

/** A person calling, as opposed to a service. */
export type UserPrincipal = Principal & { role: Role };

/** Whether the principal is a person (a user role), not a service. */
export const isUser = (principal: Principal): principal is UserPrincipal => principal.role !== SERVICE_ROLE;

/**
 * Throws UNAUTHENTICATED for a service token: it proves a service, not a person, so a call that
 * acts for a person has no caller.
 */
export function requireUser(principal: Principal): asserts principal is UserPrincipal {
  if (!isUser(principal)) throw new AppError('UNAUTHENTICATED', 'A user access token is required.');
}
