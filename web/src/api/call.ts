import { fillPath, type Route, type RouteInput, type RouteOutput } from '../../../contracts/routes.js';
import { queryString, request, type Query } from './client.js';

/**
 * Call an operation of a route table (contracts/<feature>.routes.ts): the path filled from `params`, the query and
 * the body typed by the operation's contracts, the answer typed as its response. No URL literal in the web app.
 */
export function call<R extends Route>(
  route: R,
  ...[input]: object extends RouteInput<R> ? [input?: RouteInput<R>] : [input: RouteInput<R>]
): Promise<RouteOutput<R>> {
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Query; body?: unknown };
  const path = fillPath(route.path, i.params) + (route.method === 'GET' ? queryString(i.query) : '');
  const body = route.method === 'GET' ? undefined : (i.body ?? {});
  return request<RouteOutput<R>>(route.method, path, body);
}
