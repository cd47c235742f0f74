import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { MyWork, MyWorkQuery } from '../../contracts/internal.js';
import { myWork } from './my-work.service.js';

/** GET /api/my-work — what waits on the signed-in user across every procedure. */
export async function myWorkRoutes(app: App) {
  app.get(
    '/api/my-work',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags: ['my work'],
        summary: 'What waits on me: steps, sign-offs, actions, acknowledgements, replies, follow-ups — overdue first, paged, with counts of all',
        querystring: MyWorkQuery,
        response: { 200: MyWork },
      },
    },
    async (request) => myWork(app.db, requireAuth(request), request.query),
  );
}
