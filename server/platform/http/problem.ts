import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { zhCN, en } from 'zod/locales';
import { errorCodes, errorMessage, type ErrorCode, type Locale } from '../../../contracts/errors.js';
import type { TProblem } from '../../../contracts/common.js';
import { AppError, type FieldError } from './app-error.js';
import { localeFromAcceptLanguage } from './locale.js';

const zodLocales = { 'zh-CN': zhCN(), 'en-US': en() } as const;

function localiseZodIssue(issue: Record<string, unknown>, locale: Locale): string {
  try {
    const msg = zodLocales[locale].localeError(issue as never);
    if (typeof msg === 'string') return msg;
    if (msg && typeof msg === 'object' && 'message' in msg) return String((msg as { message: unknown }).message);
  } catch {
    /* fall through */
  }
  return String(issue.message ?? issue.code);
}

export function problemBody(code: ErrorCode, locale: Locale, fields?: FieldError[]): TProblem {
  const entry = errorCodes[code];
  const body: TProblem = {
    type: `https://accord.example/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: code,
    status: entry.status,
    code,
    detail: errorMessage(code, locale),
  };
  if (fields?.length) {
    body.errors = fields.map((f) => ({ path: f.path, code: f.code, message: f.message ?? errorMessage(code, locale) }));
  }
  return body;
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, locale: Locale, fields?: FieldError[]) {
  const body = problemBody(code, locale, fields);
  return reply.status(body.status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

/**
 * Errors node's HTTP parser raises before there is a request (headers or request line over `maxHeaderSize`, a
 * malformed request, a timeout) answered as problem+json too. There are no parsed headers to take a language from,
 * so the message is in the default language (zh-CN).
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW' ? 'REQUEST_HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
  this.log.trace({ err }, 'client error');
  const body = JSON.stringify(problemBody(code, 'zh-CN'));
  const status = errorCodes[code].status;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Errors the router raises before a route is found — a path that is not valid percent-encoded UTF-8
 * (`/api/customers/%ED%A0%80`, half a character) or a path parameter over 100 characters — as problem+json.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const locale = localeFromAcceptLanguage(request.headers['accept-language']);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, 'URL_TOO_LONG', locale, [{ path: 'params', code: 'too_long' }]);
  return sendProblem(reply, 'BAD_REQUEST', locale, [{ path: 'params', code: 'invalid_url' }]);
}

const pgCodes: Record<string, ErrorCode> = {
  '23505': 'DUPLICATE_CODE',
  '23503': 'LINKED_RECORD_NOT_FOUND',
  '22P02': 'BAD_REQUEST',
  '22001': 'VALIDATION_FAILED',
  // migrations/0019_closed_records.sql: a closed record written behind the API's own checks
  AC409: 'RECORD_CLOSED',
};

/** Maps every error to RFC 9457 problem+json; never leaks internals. */
export function errorHandler(error: FastifyError & { code?: string }, request: FastifyRequest, reply: FastifyReply) {
  const locale = request.locale ?? 'zh-CN';
  if (error instanceof AppError) {
    const fields = error.fields?.map(({ messages, ...f }) => ({ ...f, message: f.message ?? messages?.[locale] ?? errorMessage(error.code, locale) }));
    return sendProblem(reply, error.code, locale, fields);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const fields = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const issue = { ...v.params, code: v.keyword, path: path ? path.split('.') : [], message: v.message };
      return { path: path ? `${where}.${path}` : where, code: v.keyword, message: localiseZodIssue(issue, locale) };
    });
    return sendProblem(reply, 'VALIDATION_FAILED', locale, fields);
  }
  const fastifyCode = error.code ?? '';
  if (fastifyCode === 'FST_FILES_LIMIT') return sendProblem(reply, 'TOO_MANY_FILES', locale, [{ path: 'body', code: 'too_many_files' }]);
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyCode === 'FST_REQ_FILE_TOO_LARGE') return sendProblem(reply, 'PAYLOAD_TOO_LARGE', locale);
  if (fastifyCode.startsWith('FST_ERR_CTP') || fastifyCode === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || fastifyCode === 'FST_ERR_VALIDATION') {
    return sendProblem(reply, 'BAD_REQUEST', locale);
  }
  if (error.statusCode === 429) return sendProblem(reply, 'RATE_LIMITED', locale);
  // the driver's code, on the error itself or on the query error the ORM wraps it in
  const sqlState = [error.code, (error.cause as { code?: unknown } | undefined)?.code].find((c): c is string => typeof c === 'string' && c in pgCodes);
  const pgCode = sqlState ? pgCodes[sqlState] : undefined;
  if (pgCode) {
    request.log.warn({ err: error }, 'database constraint mapped to problem');
    return sendProblem(reply, pgCode, locale);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendProblem(reply, 'BAD_REQUEST', locale);
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 'INTERNAL', locale);
}
