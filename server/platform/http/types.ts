import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db, Engine } from '../db/client.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    engine: Engine;
    config: Config;
  }
}

/** The Fastify instance routes are written against: zod schemas type the handlers. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
