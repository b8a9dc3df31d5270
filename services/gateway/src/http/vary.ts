import type { FastifyReply } from 'fastify';

/** Adds `field` to the answer's Vary, keeping what other hooks put there (CORS adds Origin, compression Accept-Encoding). */
export function addVary(reply: FastifyReply, field: string): void {
  const vary = reply.getHeader('vary');
  if (!vary) {
    reply.header('vary', field);
    return;
  }
  const fields = String(vary)
    .split(',')
    .map((name) => name.trim().toLowerCase());
  if (!fields.includes(field)) reply.header('vary', `${String(vary)}, ${field}`);
}
