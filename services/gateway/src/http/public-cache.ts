import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface PublicCacheOptions {
  /** How long an answer is served from memory; the bound on how stale a public read can be. 0: off. */
  ttlMs: number;
  /** Answers kept at most (oldest dropped first), so odd query strings cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

interface CachedAnswer {
  body: string;
  contentType: string;
  etag: string;
  expiresAt: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public GET route whose 200 answers are the same for everyone: cached briefly (see publicCache). */
    publicCache?: boolean;
  }
}

/** A weak validator of the body: equal bodies, equal tags, across replicas and restarts. */
const etagOf = (body: string) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

function fresh(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return header !== undefined && header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}

/**
 * Public reads at the edge. A route with `config: { publicCache: true }` has its 200 answers kept
 * in this process for `ttlMs`, keyed by the request URL: in an on-sale rush thousands of people ask
 * for the same event list and seat map each second, and one answer per key per `ttlMs` goes to the
 * services behind. Every such answer carries `Cache-Control: public, max-age=<ttl>` and an `ETag`;
 * `If-None-Match` with that tag is a 304. A write is visible to the next read at most `ttlMs` later.
 */
export function registerPublicCache(app: FastifyInstance, { ttlMs, maxEntries, now = Date.now }: PublicCacheOptions): void {
  if (ttlMs <= 0) return;
  const answers = new Map<string, CachedAnswer>();
  const maxAge = `public, max-age=${Math.max(1, Math.round(ttlMs / 1000))}`;

  const answer = (request: FastifyRequest, reply: FastifyReply, cached: CachedAnswer) => {
    reply.header('cache-control', maxAge).header('etag', cached.etag);
    if (fresh(request, cached.etag)) return reply.code(304).send();
    return reply.type(cached.contentType).send(cached.body);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config.publicCache || request.method !== 'GET') return;
    const cached = answers.get(request.url);
    if (!cached) return;
    if (cached.expiresAt <= now()) {
      answers.delete(request.url);
      return;
    }
    await answer(request, reply, cached);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config.publicCache || request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' || reply.getHeader('etag') !== undefined) return payload;
    const cached: CachedAnswer = {
      body: payload,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
      etag: etagOf(payload),
      expiresAt: now() + ttlMs,
    };
    if (answers.size >= maxEntries) answers.delete(answers.keys().next().value!);
    answers.set(request.url, cached);
    reply.header('cache-control', maxAge).header('etag', cached.etag);
    if (fresh(request, cached.etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
