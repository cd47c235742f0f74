import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { exportLists, resolveColumns } from './export-registry.js';
import { ExportColumnList } from '../../contracts/spreadsheets.js';
import { startExport } from './export.service.js';

export const ExportFormat = z.enum(['xlsx', 'csv']).default('xlsx');

export async function exportRoutes(app: App) {
  for (const list of exportLists()) {
    const shape = { ...list.query.shape } as Record<string, z.ZodType>;
    delete shape.page;
    delete shape.pageSize;
    const querystring = z.object({
      ...shape,
      format: ExportFormat,
      columns: z.string().max(2000).optional().describe('the visible columns, comma separated (default: all the user may see)'),
    });
    app.get(
      `/api/exports/${list.id}/columns`,
      {
        config: { access: list.access },
        schema: {
          tags: ['exports'],
          summary: `The columns of ${list.title.en} (${list.title.zh}) this user may export (the column chooser)`,
          querystring: z.object(shape),
          response: { 200: ExportColumnList },
        },
      },
      async (request) => {
        const auth = requireAuth(request);
        const cols = await resolveColumns(app.db, auth, list, request.query as Record<string, unknown>, null);
        return { items: cols.map((c) => ({ key: c.key, zh: c.zh, en: c.en })) };
      },
    );
    app.get(
      `/api/exports/${list.id}`,
      {
        config: { access: list.access },
        schema: {
          tags: ['exports'],
          summary: `Export ${list.title.en} (${list.title.zh}) as xlsx or csv: the list's filters and sort, the columns the user may see`,
          querystring,
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        const { format, columns, ...filters } = request.query as { format: 'xlsx' | 'csv'; columns?: string } & Record<string, unknown>;
        const wanted = columns
          ? columns
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean)
          : null;
        // checked before a byte is sent: a forbidden or unknown column is a problem+json, not a broken file
        const chosen = await resolveColumns(app.db, auth, list, filters, wanted);
        const started = startExport(
          app.db,
          auth,
          list,
          { format, columns: chosen, filters },
          {
            locale: request.locale,
            timeZone: app.config.siteTimeZone,
          },
        );
        started.done.catch((error: unknown) => request.log.error({ err: error, list: list.id }, 'export failed'));
        reply
          .header('content-type', started.contentType)
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(started.filename)}`);
        return reply.send(started.stream);
      },
    );
  }
}
