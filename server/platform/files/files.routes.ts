import { z } from 'zod';
import type { App } from '../http/types.js';
import { requireAuth } from '../http/access.js';
import { AppError } from '../http/app-error.js';
import { findInvalidText, Id } from '../../../contracts/common.js';
import { Attachment } from '../../../contracts/communications.js';
import { discardUpload, openAttachment, receiveUpload, storeUpload, type ReceivedUpload } from './files.js';

const tags = ['attachments'];

export async function filesRoutes(app: App) {
  app.post(
    '/api/attachments',
    {
      config: { record: { creates: 'attachment' }, access: { permission: 'communications.write' } },
      schema: {
        tags,
        summary: 'Upload a file (multipart field "file"); attach it by id when saving a record',
        consumes: ['multipart/form-data'],
        response: { 200: Attachment },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
      const auth = requireAuth(request);
      // Read every part: one file per request (a second one ends the iteration with TOO_MANY_FILES, never silently
      // dropped), text fields and names checked like any other request text; nothing is stored until all is read.
      let received: ReceivedUpload | null = null;
      try {
        for await (const part of request.parts()) {
          const where = `body.${part.fieldname}`;
          const bad =
            findInvalidText(part.fieldname, 'body') ??
            (part.type === 'field' ? findInvalidText(part.value, where) : findInvalidText(part.filename, `${where}.filename`));
          if (bad) {
            if (part.type === 'file') part.file.resume();
            throw new AppError('INVALID_TEXT', [{ path: bad, code: 'invalid_text' }]);
          }
          if (part.type === 'field') continue;
          if (received) {
            part.file.resume();
            throw new AppError('TOO_MANY_FILES', [{ path: where, code: 'too_many_files' }]);
          }
          received = await receiveUpload(app.config.dataDir, { filename: part.filename, stream: part.file });
        }
      } catch (error) {
        if (received) discardUpload(received);
        throw error;
      }
      if (!received) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
      return storeUpload(app.db, app.config.dataDir, auth, received);
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
