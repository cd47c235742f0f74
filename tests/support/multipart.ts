import type { FastifyInstance } from 'fastify';
import type { Session } from './harness.js';

/** Upload one file through the real multipart route. */
export async function upload(app: FastifyInstance, session: Session, filename: string, content: Buffer | string, mime = 'application/octet-stream') {
  const boundary = `----accord${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
  });
}
