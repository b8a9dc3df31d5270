import { importSPKI, jwtVerify, type KeyLike } from 'jose';
import { AppError } from '../errors';

/** What a person may do: every account starts as a customer; admins promote. */
export const ROLES = ['customer', 'organizer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: string;
  role: Role;
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
}

export interface TokenVerifier {
  /** Resolves the caller, or throws AppError UNAUTHENTICATED. */
  verify(token: string | undefined): Promise<Principal>;
}


/** Verifies access tokens against cached public keys, refreshing them when a new `kid` appears. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience, algorithm, loadKeys, minReloadIntervalMs = 1_000, now = Date.now } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let keys = new Map<string, { key: KeyLike; notAfter: number }>();
  let lastLoad = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  async function reload(): Promise<void> {
    const fresh = new Map<string, { key: KeyLike; notAfter: number }>();
    for (const k of await loadKeys()) {
      if (k.alg !== algorithm) continue;
      fresh.set(k.kid, { key: await importSPKI(k.public_key_pem, algorithm), notAfter: Date.parse(k.not_after) });
    }
    keys = fresh;
    lastLoad = now();
  }

  async function keyFor(kid: string): Promise<KeyLike | undefined> {
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
    return entry && entry.notAfter > now() ? entry.key : undefined;
  }

  const unauthenticated = () => new AppError('UNAUTHENTICATED', 'A valid access token is required.');

  return {
    async verify(token) {
      if (!token) throw unauthenticated();
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            if (header.alg !== algorithm || !header.kid) throw unauthenticated();
            const key = await keyFor(header.kid);
            if (!key) throw unauthenticated();
            return key;
          },
          { issuer, audience, algorithms: [algorithm], currentDate: new Date(now()), requiredClaims: ['exp', 'iat', 'sub'] },
        );
        const role = payload.role;
        if (typeof payload.sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw unauthenticated();
        return { userId: payload.sub, role: role as Principal['role'] };
      } catch (error) {
        if (error instanceof AppError && error.code !== 'UNAUTHENTICATED') throw error;
        throw unauthenticated();
      }
    },
  };
}

/** Throws FORBIDDEN unless the principal has one of the roles. */
export function requireRole(principal: Principal, ...roles: Principal['role'][]): void {
  if (!roles.includes(principal.role)) throw new AppError('FORBIDDEN', 'You are not allowed to do this.');
}
