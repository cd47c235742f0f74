import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findInvalidText } from '../../../contracts/common.js';
import { AppError } from './app-error.js';

/** The path of the first string in the request's path parameters, query or body that is not well-formed text. */
export function invalidTextIn(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): string | null {
  return findInvalidText(request.params, 'params') ?? findInvalidText(request.query, 'query') ?? findInvalidText(request.body, 'body');
}

/**
 * One guard for every route: a NUL character or a lone UTF-16 surrogate anywhere in the path parameters, the query
 * string or the parsed body is refused with 400 `INVALID_TEXT` naming the field, before validation and before any
 * handler runs — so nothing is written and the database never sees it. Runs after the access check (an anonymous
 * caller learns nothing about a route's fields). Multipart fields are checked by the upload route as it reads them.
 */
export const textGuardPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      const path = invalidTextIn(request);
      if (path) throw new AppError('INVALID_TEXT', [{ path, code: 'invalid_text' }]);
    });
  },
  { name: 'accord-text-guard' },
);
