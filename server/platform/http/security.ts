import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { localeFromAcceptLanguage } from './locale.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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

    app.addHook('onRequest', async (request) => {
      if (!STATE_CHANGING.has(request.method) || !isCrossSite(request)) return;
      request.locale = localeFromAcceptLanguage(request.headers['accept-language']);
      throw new AppError('CROSS_SITE_REQUEST');
    });
  },
  { name: 'accord-security' },
);
