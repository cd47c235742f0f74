import { z } from 'zod';
import type { App } from '../http/types.js';
import { requireAuth } from '../http/access.js';
import { AppError } from '../http/app-error.js';
import { Id } from '../../../contracts/common.js';
import { Attachment } from '../../../contracts/communications.js';
import { openAttachment, storeUpload } from './files.js';

const tags = ['attachments'];

export async function filesRoutes(app: App) {
  app.post(
    '/api/attachments',
    {
      config: { record: { creates: 'attachment' }, access: { permission: 'communications.write' } },
      schema: { tags, summary: 'Upload a file (multipart field "file"); attach it by id when saving a record', consumes: ['multipart/form-data'], response: { 200: Attachment } },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
      const file = await request.file();
      if (!file) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
      return storeUpload(app.db, app.config.dataDir, requireAuth(request), { filename: file.filename, stream: file.file });
    },
  );

  app.get(
    '/api/attachments/:id/content',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'Download a file', params: z.object({ id: Id }) } },
    async (request, reply) => {
      const { row, stream } = await openAttachment(app.db, app.config.dataDir, requireAuth(request), request.params.id);
      const inline = row.mime.startsWith('image/') || row.mime === 'application/pdf';
      reply
        .header('content-type', row.mime)
        .header('content-length', String(row.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('x-checksum-sha256', row.sha256);
      return reply.send(stream);
    },
  );
}
