import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { localeFromAcceptLanguage } from './locale.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A hashed script or stylesheet of the web app (cached for a year, `immutable`) carries only the headers that mean
 * something for it. The others — the page's CSP, frame and opener policies, HSTS, validators a never-revalidated file
 * does not need — are ~0.7 kB per response, and a first load fetches 50–90 of these files: ~50 kB more on a phone's
 * network (HTTP/1.1 repeats every header; an HTTP/2 proxy would compress them). What stays: `nosniff`, the referrer
 * policy, `Cross-Origin-Resource-Policy`, and a CSP for a resource that is not a document (`default-src 'none'`).
 */
const NOT_FOR_SUBRESOURCES = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'strict-transport-security',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'x-frame-options',
  'accept-ranges',
  'etag',
  'last-modified',
];
export const SUBRESOURCE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Whether a state-changing request comes from a page of another site. Browsers say so in
 * `Sec-Fetch-Site` (Chromium, Firefox, Safari 16.4+) or, older ones, in `Origin`; a request with
 * neither header is not a browser's cross-site request (curl, scripts, app.inject tests) and passes.
 */
export function isCrossSite(request: Pick<FastifyRequest, 'headers' | 'host'>): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    // "null" (sandboxed frames, privacy redirects) or garbage: not our page
    return true;
  }
}

/**
 * Browser security for every response: security headers (helmet) and the refusal of cross-site
 * writes. Registered before the access plugin so that refusals (401, 403, 404) carry the headers too.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          // no inline script, no eval: the web app is built into files (Vite)
          scriptSrc: ["'self'"],
          // Ant Design (CSS-in-JS) writes <style> elements and style attributes at run time
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // no upgrade-insecure-requests: a plant network may serve Accord over plain http
        },
      },
      // a same-origin referrer (our own pages); none to other sites, so link tokens (/s/…, /c/…) never leak
      referrerPolicy: { policy: 'same-origin' },
      // only meaningful over https; a browser ignores it on http
      strictTransportSecurity: { maxAge: 15552000, includeSubDomains: false },
      // X-Frame-Options for browsers without frame-ancestors
      frameguard: { action: 'deny' },
    });

    app.addHook('onSend', async (request, reply, payload) => {
      // the web app's hashed files only (an API answer cached `immutable`, e.g. a procedure version, keeps its headers)
      if (!request.url.startsWith('/assets/')) return payload;
      const cache = reply.getHeader('cache-control');
      if (typeof cache !== 'string' || !cache.includes('immutable')) return payload;
      for (const h of NOT_FOR_SUBRESOURCES) reply.removeHeader(h);
      reply.header('content-security-policy', SUBRESOURCE_CSP);
      return payload;
    });

    app.addHook('onRequest', async (request) => {
      if (!STATE_CHANGING.has(request.method) || !isCrossSite(request)) return;
      request.locale = localeFromAcceptLanguage(request.headers['accept-language']);
      throw new AppError('CROSS_SITE_REQUEST');
    });
  },
  { name: 'accord-security' },
);
