import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A JSON answer the browser may keep: `immutable` for a URL that names its content (a digest in the query), otherwise
 * `revalidate` — kept, but asked again with If-None-Match and answered 304 while unchanged. Private: only for data that
 * is the same for every signed-in user (no field the redaction could remove), so no `Vary: Cookie` either: a session
 * cookie refreshed while the page loads must not make the browser fetch its copy again.
 */
export function cachedJson<T>(request: FastifyRequest, reply: FastifyReply, body: T, mode: 'immutable' | 'revalidate', digest?: string): T | FastifyReply {
  const tag = `"${digest ?? createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 20)}"`;
  reply.header('etag', tag);
  reply.header('cache-control', mode === 'immutable' ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  const asked = request.headers['if-none-match'];
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) return reply.code(304).send();
  return body;
}
