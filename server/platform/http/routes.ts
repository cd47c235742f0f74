import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Route, RouteSchemas } from '../../../contracts/routes.js';
import type { App } from './types.js';

type Out<T> = T extends z.ZodType ? z.output<T> : unknown;

/** The request a handler of the operation sees: params, query and body as the contracts parse them. */
export type RouteRequest<S extends RouteSchemas> = FastifyRequest & { params: Out<S['params']>; query: Out<S['querystring']>; body: Out<S['body']> };

export interface Operation<S extends RouteSchemas> {
  summary: string;
  tags: string[];
  /** who may call it (`access`), which records it edits (`record`): every route declares them */
  config: FastifyContextConfig;
  /** the contracts themselves: exactly the types the route table names (a different one fails the type check) */
  schemas: NoInfer<S>;
}

/**
 * Register an operation of a route table (contracts/<feature>.routes.ts): method and path from the table, the
 * schemas validated against the table's types, the answer typed as the response contract accepts it.
 */
export function implement<S extends RouteSchemas>(
  app: App,
  r: Route<S>,
  op: Operation<S>,
  handler: (request: RouteRequest<S>) => Promise<z.input<S['response']>>,
) {
  const { params, querystring, body, response } = op.schemas;
  app.route({
    method: r.method,
    url: r.path,
    config: op.config,
    schema: {
      tags: op.tags,
      summary: op.summary,
      ...(params ? { params } : {}),
      ...(querystring ? { querystring } : {}),
      ...(body ? { body } : {}),
      response: { 200: response },
    },
    handler: handler as never,
  });
}
