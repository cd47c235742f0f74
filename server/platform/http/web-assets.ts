import path from 'node:path';
import type { FastifyStaticOptions } from '@fastify/static';

/**
 * How the built web app (dist/web) is served.
 *
 * - The build writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file
 *   (web/vite.config.ts); @fastify/static sends the best one the browser accepts with
 *   `Content-Encoding` and `Vary: Accept-Encoding`, else the file itself.
 * - Files under /assets carry a content hash in their name: a new build makes new names,
 *   so a browser may keep them for a year without asking again.
 * - Everything else — above all index.html, which names the current hashes — is
 *   revalidated on every load (`no-cache` still lets the browser keep it and get a 304).
 * - Dotfiles (the build's `.vite/manifest.json`) are not served.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export function webCacheControl(webDist: string, filePath: string): string {
  const relative = path.relative(webDist, filePath).split(path.sep);
  return relative.length > 1 && relative[0] === 'assets' ? IMMUTABLE : REVALIDATE;
}

export function webStaticOptions(webDist: string): FastifyStaticOptions {
  return {
    root: webDist,
    preCompressed: true,
    dotfiles: 'ignore',
    // our own Cache-Control per file instead of @fastify/send's `max-age=0`
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', webCacheControl(webDist, filePath));
    },
  };
}

/** index.html is sent for the web app's own paths, never for a missing hashed file (a stale chunk gets a 404, not a page). */
export function isWebAppPath(url: string): boolean {
  return !url.startsWith('/api/') && !url.startsWith('/assets/');
}
