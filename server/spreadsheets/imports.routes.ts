import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { AppError } from '../platform/http/app-error.js';
import { safeFilename } from '../platform/files/files.js';
import { Id, findInvalidText } from '../../contracts/common.js';
import {
  CheckImportRequest,
  ExampleCheck,
  ExampleRun,
  ImportJob,
  ImportJobList,
  ImportKind,
  TemplateParams,
  TemplateQuery,
} from '../../contracts/spreadsheets.js';
import * as service from './imports.service.js';
import { EXAMPLE_FILE_NAME, exampleWorkbook } from './example.js';
import * as exampleImport from './example-import.service.js';

const IdParams = z.object({ id: Id });
const tags = ['imports'];
// the service checks the permission of the kind (customers.write, products.manage, vendors.manage, communications.write)
const record = { anyHolder: 'imports write through the services of each kind, behind its permission' };

export async function importRoutes(app: App) {
  const ctx: service.ImportContext = { db: app.db, dataDir: app.config.dataDir, timeZone: app.config.siteTimeZone };
  const limit = app.config.maxImportBytes;
  const limitMb = Math.round(limit / 1024 / 1024);
  const tooLarge = () =>
    new AppError('IMPORT_FILE_TOO_LARGE', [{ path: 'file', code: 'too_big', messages: { 'zh-CN': `上限 ${limitMb} MB`, 'en-US': `limit ${limitMb} MB` } }]);

  app.addHook('onClose', async () => service.stopImports(app.db));

  app.get(
    '/api/imports',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'My recent imports (a running one can be returned to)', response: { 200: ImportJobList } },
    },
    async (request) => service.listImports(ctx, requireAuth(request), request.locale),
  );

  app.post(
    '/api/imports',
    {
      config: { record, access: { authenticated: true } },
      schema: {
        tags,
        summary: `Upload a spreadsheet to import (multipart: field "kind", then "file"; .xlsx or .csv, UTF-8 or GBK/GB18030; refused over IMPORT_MAX_MB before it is read)`,
        consumes: ['multipart/form-data'],
        response: { 200: ImportJob },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      // refused from the announced length, before a byte of a 200 MB file is read
      const announced = Number(request.headers['content-length'] ?? 0);
      if (announced > limit + 64 * 1024) throw tooLarge();
      if (!request.isMultipart()) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
      let kind: string | null = null;
      let file: { name: string; buf: Buffer } | null = null;
      for await (const part of request.parts({ limits: { fileSize: limit, files: 1, fields: 3 } })) {
        const where = `body.${part.fieldname}`;
        const bad =
          findInvalidText(part.fieldname, 'body') ??
          (part.type === 'field' ? findInvalidText(part.value, where) : findInvalidText(part.filename, `${where}.filename`));
        if (bad) {
          if (part.type === 'file') part.file.resume();
          throw new AppError('INVALID_TEXT', [{ path: bad, code: 'invalid_text' }]);
        }
        if (part.type === 'field') {
          if (part.fieldname === 'kind') kind = String(part.value);
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.file.truncated) throw tooLarge();
        file = { name: safeFilename(part.filename), buf: Buffer.concat(chunks) };
      }
      const parsedKind = ImportKind.safeParse(kind);
      if (!parsedKind.success) throw new AppError('VALIDATION_FAILED', [{ path: 'body.kind', code: 'invalid_value' }]);
      if (!file || !file.buf.length) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'required' }]);
      return service.uploadImport(ctx, auth, parsedKind.data, file.name, file.buf, request.locale);
    },
  );

  app.get(
    '/api/imports/templates/:kind',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'The bilingual template of a kind of import (xlsx: headers + a help sheet; csv: headers)',
        params: TemplateParams,
        querystring: TemplateQuery,
      },
    },
    async (request, reply) => {
      const t = await service.template(requireAuth(request), request.params.kind, request.query.format, request.locale);
      return sendFile(reply, t);
    },
  );

  app.get(
    '/api/imports/example',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'The example workbook: a mid-size factory (customers with contacts, models, vendors, communications), bilingual, one sheet per kind',
      },
    },
    async (_request, reply) => {
      return sendFile(reply, {
        buf: await exampleWorkbook(),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: EXAMPLE_FILE_NAME,
      });
    },
  );

  // the whole example at once, in dependency order (an administrator trying Accord on an empty company): the
  // service asks for the permission of every kind it imports
  app.post(
    '/api/imports/example/check',
    {
      config: { record, access: { authenticated: true } },
      schema: {
        tags,
        summary:
          'Dry run of the whole example workbook: per sheet (in the order imported) what would be created, updated, skipped, refused; nothing is written',
        response: { 200: ExampleCheck },
      },
    },
    async (request) => exampleImport.checkExample(ctx, requireAuth(request), request.locale),
  );

  app.post(
    '/api/imports/example/run',
    {
      config: { record, access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Import the whole example workbook, sheet after sheet in dependency order (each an import of its own); poll the run',
        response: { 200: ExampleRun },
      },
    },
    async (request) => exampleImport.startExample(ctx, requireAuth(request), request.locale),
  );

  app.get(
    '/api/imports/example/run/:id',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'Progress of an import of the whole example: per sheet its import and counts', params: IdParams, response: { 200: ExampleRun } },
    },
    async (request) => exampleImport.getExampleRun(ctx, requireAuth(request), request.params.id, request.locale),
  );

  app.get(
    '/api/imports/:id',
    {
      config: { access: { authenticated: true } },
      schema: { tags, summary: 'An import: mapping, dry-run plan and errors, progress (poll it)', params: IdParams, response: { 200: ImportJob } },
    },
    async (request) => service.getImport(ctx, requireAuth(request), request.params.id, request.locale),
  );

  app.post(
    '/api/imports/:id/check',
    {
      config: { record, access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Dry run with a column mapping (remembered for the user): per row create/update/skip, every error',
        params: IdParams,
        body: CheckImportRequest,
        response: { 200: ImportJob },
      },
    },
    async (request) => service.checkImport(ctx, requireAuth(request), request.params.id, request.body.mapping, request.locale),
  );

  app.post(
    '/api/imports/:id/run',
    {
      config: { record, access: { authenticated: true } },
      schema: {
        tags,
        summary: 'Import a dry-run without errors, in batches (each all or nothing); poll the import for progress',
        params: IdParams,
        response: { 200: ImportJob },
      },
    },
    async (request) => service.startImport(ctx, requireAuth(request), request.params.id, request.locale),
  );

  app.post(
    '/api/imports/:id/cancel',
    {
      config: { record, access: { authenticated: true } },
      schema: { tags, summary: 'Cancel an import: the running batch finishes, no further batch starts', params: IdParams, response: { 200: ImportJob } },
    },
    async (request) => service.cancelImport(ctx, requireAuth(request), request.params.id, request.locale),
  );

  app.get(
    '/api/imports/:id/errors',
    { config: { access: { authenticated: true } }, schema: { tags, summary: 'The error workbook: the input plus an error column', params: IdParams } },
    async (request, reply) => sendFile(reply, await service.errorWorkbook(ctx, requireAuth(request), request.params.id, request.locale)),
  );

  app.get(
    '/api/imports/:id/passwords',
    {
      config: { access: { authenticated: true } },
      schema: {
        tags,
        summary: 'The one-time passwords of the users an import created (xlsx), handed out once to whoever ran it (users.admin); a second request is 404',
        params: IdParams,
      },
    },
    async (request, reply) => sendFile(reply, await service.takePasswords(ctx, requireAuth(request), request.params.id, request.locale)),
  );
}

function sendFile(reply: import('fastify').FastifyReply, f: { buf: Buffer; contentType: string; filename: string }) {
  return reply
    .header('content-type', f.contentType)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .send(f.buf);
}
