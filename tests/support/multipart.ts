import type { FastifyInstance } from 'fastify';
import type { Session } from './harness.js';

export interface Part {
  name: string;
  /** a file part when given */
  filename?: string;
  content: Buffer | string;
  type?: string;
}

/** POST a multipart body of the given parts (files and text fields) to the upload route. */
export async function uploadParts(app: FastifyInstance, session: Session, parts: Part[]) {
  return postParts(app, '/api/attachments', { cookie: session.cookie, 'x-csrf-token': session.csrf }, parts);
}

/** POST a multipart body to any route with the given headers (e.g. the portal's cookie and CSRF header). */
export async function postParts(app: FastifyInstance, url: string, headers: Record<string, string>, parts: Part[]) {
  const boundary = `----accord${Math.random().toString(16).slice(2)}`;
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
        (part.filename === undefined ? '' : `; filename="${part.filename}"`) +
        (part.type ? `\r\nContent-Type: ${part.type}` : '') +
        '\r\n\r\n',
    ),
    Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content),
    Buffer.from('\r\n'),
  ]);
  return app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
  });
}

/** Upload one file through the real multipart route. */
export async function upload(app: FastifyInstance, session: Session, filename: string, content: Buffer | string, mime = 'application/octet-stream') {
  return uploadParts(app, session, [{ name: 'file', filename, content, type: mime }]);
}

/** A file that starts like a JPEG photo (uploads are checked by content, not only by extension). */
export function jpegBytes(label = 'photo'): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), Buffer.from(label)]);
}

/** A 1×1 PNG image followed by a label (so different labels give different checksums). */
export function pngBytes(label = 'image'): Buffer {
  const onePixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
  return Buffer.concat([Buffer.from(onePixel, 'base64'), Buffer.from(label)]);
}
