import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encodedBody, negotiateCoding, type EncodedBody } from './content-coding';
import { entityTagsOf, noneMatchHolds } from './entity-tags';
import { addVary } from './vary';

export interface PublicCacheOptions {
  /** How long an answer is served from memory; the bound on how stale a public read can be. 0: off. */
  ttlMs: number;
  /** Answers kept at most (oldest dropped first), so odd query strings cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

interface CachedAnswer {
  /** Serialised once, and compressed once per coding asked for, then sent as is to every request that hits. */
  body: EncodedBody;
  contentType: string;
  etag: string;
  expiresAt: number;
}

/** An answer being fetched by one request (`fetcher`) while others wait for it. */
interface Fetch {
  fetcher: FastifyRequest;
  answer: Promise<CachedAnswer | undefined>;
  settle(answer: CachedAnswer | undefined): void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public GET route whose 200 answers are the same for everyone: cached briefly (see publicCache). */
    publicCache?: boolean;
  }
}

/** A weak validator of the body: equal bodies, equal tags, across replicas and restarts. */
const etagOf = (body: string): string => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

const notModified = (request: FastifyRequest, etag: string): boolean => !noneMatchHolds(entityTagsOf(request.headers['if-none-match']), etag);

/**
 * Public reads at the edge. A route with `config: { publicCache: true }` has its 200 answers kept
 * in this process for `ttlMs`, keyed by the request URL: in an on-sale rush thousands of people ask
 * for the same event list and seat map each second, and one answer per key per `ttlMs` goes to the
 * services behind. Concurrent misses of one URL wait for the first one's answer. Every such answer
 * carries `Cache-Control: public, max-age=<ttl>` and an `ETag`; `If-None-Match` with that tag is a
 * 304. A write is visible to the next read at most `ttlMs` later.
 */
export function registerPublicCache(app: FastifyInstance, { ttlMs, maxEntries, now = Date.now }: PublicCacheOptions): void {
  if (ttlMs <= 0) return;
  const answers = new Map<string, CachedAnswer>();
  const fetches = new Map<string, Fetch>();
  const maxAge = `public, max-age=${Math.max(1, Math.round(ttlMs / 1000))}`;

  const settle = (url: string, answer: CachedAnswer | undefined) => {
    if (answer) {
      if (answers.size >= maxEntries) answers.delete(answers.keys().next().value!);
      answers.set(url, answer);
    }
    fetches.get(url)?.settle(answer);
    fetches.delete(url);
  };

  const send = async (request: FastifyRequest, reply: FastifyReply, cached: CachedAnswer) => {
    reply.header('cache-control', maxAge).header('etag', cached.etag);
    addVary(reply, 'accept-encoding');
    if (notModified(request, cached.etag)) return reply.code(304).send();
    const coding = negotiateCoding(request.headers['accept-encoding']);
    const body = await cached.body.encoded(coding);
    if (coding !== 'identity') reply.header('content-encoding', coding);
    return reply.type(cached.contentType).send(body);
  };

  const fresh = (url: string) => {
    const cached = answers.get(url);
    if (cached && cached.expiresAt > now()) return cached;
    answers.delete(url);
    return undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config.publicCache || request.method !== 'GET') return;
    const cached = fresh(request.url);
    if (cached) return send(request, reply, cached);

    const pending = fetches.get(request.url);
    if (pending) {
      const answer = await pending.answer;
      // The fetch failed: this request asks the services itself.
      return answer ? send(request, reply, answer) : undefined;
    }
    let resolve!: (answer: CachedAnswer | undefined) => void;
    const fetch: Fetch = { fetcher: request, answer: new Promise((r) => (resolve = r)), settle: (answer) => resolve(answer) };
    fetches.set(request.url, fetch);
    // Whatever becomes of this request (an error, a crash, a client gone), the waiters go on.
    reply.raw.once('close', () => {
      if (fetches.get(request.url) === fetch) settle(request.url, undefined);
    });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fetch = fetches.get(request.url);
    if (fetch?.fetcher !== request || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const cached: CachedAnswer = {
      body: encodedBody(Buffer.from(payload)),
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      etag: etagOf(payload),
      expiresAt: now() + ttlMs,
    };
    settle(request.url, cached);
    reply.header('cache-control', maxAge).header('etag', cached.etag);
    addVary(reply, 'accept-encoding');
    if (notModified(request, cached.etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
