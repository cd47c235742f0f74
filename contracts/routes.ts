import type { z } from 'zod';

/**
 * Routes defined once. A feature's route table (`contracts/<feature>.routes.ts`) names each operation's method and
 * path here, once, with the types of its zod contracts. The server registers the operation from the table
 * (`server/platform/http/routes.ts`: the schemas passed there must be exactly these types) and the web calls it
 * through the table (`web/src/api/call.ts`: path parameters, query and body typed from them, the answer typed as the
 * response). A changed contract or path therefore fails the type check on both sides; the web holds no URL literal.
 *
 * The table carries only method and path at run time: the schemas' types are phantom (`import type` of the
 * contracts), so a page that calls an operation does not load its contracts' zod schemas.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSchemas {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
}

export interface Route<S extends RouteSchemas = RouteSchemas> {
  readonly method: Method;
  readonly path: string;
  /** never present at run time: the schemas' types, for the server's registration and the web's call */
  readonly schemas?: S;
}

/** `route<{ params: typeof IdParams; response: typeof Visit }>()('GET', '/api/visits/:id')` */
export const route =
  <S extends RouteSchemas>() =>
  (method: Method, path: string): Route<S> => ({ method, path });

type SchemasOf<R> = R extends Route<infer S> ? S : never;
type Part<R, K extends keyof RouteSchemas> = SchemasOf<R>[K] extends z.ZodType ? SchemasOf<R>[K] : never;

/** What the web sends: path parameters, query and body as the contracts accept them (their input types). */
export type RouteInput<R extends Route> = ([Part<R, 'params'>] extends [never] ? unknown : { params: z.input<Part<R, 'params'>> }) &
  ([Part<R, 'querystring'>] extends [never] ? unknown : { query?: Partial<z.input<Part<R, 'querystring'>>> }) &
  ([Part<R, 'body'>] extends [never] ? unknown : { body: z.input<Part<R, 'body'>> });

/** What the server answers, as the web reads it (the response contract's output type). */
export type RouteOutput<R extends Route> = z.output<SchemasOf<R>['response']>;

/** The path with its `:name` parameters filled in (each encoded). */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]\w*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`route ${path}: parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}
