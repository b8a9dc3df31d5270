import { isAppError } from '@ticres/shared';
import type { Contact } from '../domain/notification';
import type { ServiceTokenSource } from '@ticres/shared';

/** Asks auth (GetContact) with a service token; resolves undefined for a user auth does not know. */
export type FetchContact = (userId: string, token: string) => Promise<Contact | undefined>;

export interface ContactDirectory {
  /** The user's name and address, or undefined when auth has no such user. */
  find(userId: string): Promise<Contact | undefined>;
}

export interface ContactDirectoryOptions {
  fetchContact: FetchContact;
  tokens: ServiceTokenSource;
  /** How long a found contact is reused; 0 disables the cache. */
  cacheSeconds: number;
  /** Entries kept at most; the oldest goes first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Looks addresses up in auth with the notifier's service token. A token auth refuses
 * (UNAUTHENTICATED: expired early, keys lost) is dropped and the call made once more with a fresh
 * one. Found contacts are cached briefly, so an address change shows within `cacheSeconds`.
 */
export function createContactDirectory(options: ContactDirectoryOptions): ContactDirectory {
  const { fetchContact, tokens, cacheSeconds, maxEntries = 10_000, now = Date.now } = options;
  const cache = new Map<string, { contact: Contact; until: number }>();

  const ask = async (userId: string): Promise<Contact | undefined> => {
    try {
      return await fetchContact(userId, await tokens.token());
    } catch (error) {
      if (!isAppError(error) || error.code !== 'UNAUTHENTICATED') throw error;
      tokens.invalidate();
      return fetchContact(userId, await tokens.token());
    }
  };

  return {
    async find(userId) {
      const hit = cache.get(userId);
      if (hit && now() < hit.until) return hit.contact;
      cache.delete(userId);
      const contact = await ask(userId);
      if (contact && cacheSeconds > 0) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(userId, { contact, until: now() + cacheSeconds * 1000 });
      }
      return contact;
    },
  };
}
