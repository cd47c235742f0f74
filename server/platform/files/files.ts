import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';
import type { Db, Executor } from '../db/client.js';
import { attachments } from '../platform.table.js';
import { AppError } from '../http/app-error.js';
import type { AuthContext } from '../http/access.js';
import { recordType } from '../records/record-types.js';
import type { TAttachment } from '../../../contracts/communications.js';

/**
 * Allowed types by extension, each with the content types (as `file-type` detects them from magic bytes) its
 * content may have. Binary formats must look like what their extension says; text formats have no magic, so they
 * pass when nothing is detected or they start with a byte-order mark.
 */
const allowed: Record<string, { mime: string; content: readonly string[] | 'text' }> = {
  '.pdf': { mime: 'application/pdf', content: ['pdf'] },
  '.png': { mime: 'image/png', content: ['png'] },
  '.jpg': { mime: 'image/jpeg', content: ['jpg'] },
  '.jpeg': { mime: 'image/jpeg', content: ['jpg'] },
  '.gif': { mime: 'image/gif', content: ['gif'] },
  '.webp': { mime: 'image/webp', content: ['webp'] },
  '.tif': { mime: 'image/tiff', content: ['tif'] },
  '.tiff': { mime: 'image/tiff', content: ['tif'] },
  '.bmp': { mime: 'image/bmp', content: ['bmp'] },
  '.txt': { mime: 'text/plain', content: 'text' },
  '.csv': { mime: 'text/csv', content: 'text' },
  '.eml': { mime: 'message/rfc822', content: 'text' },
  // Outlook mail and the old Office formats are OLE compound files
  '.msg': { mime: 'application/vnd.ms-outlook', content: ['cfb'] },
  '.doc': { mime: 'application/msword', content: ['cfb'] },
  '.docx': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: ['docx', 'zip'] },
  '.xls': { mime: 'application/vnd.ms-excel', content: ['cfb'] },
  '.xlsx': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: ['xlsx', 'zip'] },
  '.ppt': { mime: 'application/vnd.ms-powerpoint', content: ['cfb'] },
  '.pptx': { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', content: ['pptx', 'zip'] },
  '.zip': { mime: 'application/zip', content: ['zip', 'docx', 'xlsx', 'pptx'] },
};

const MAX_FILENAME = 200;
const byteOrderMarks = [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/**
 * The name a file is kept under: the last path segment (browsers may send `C:\fakepath\x.pdf`), at most 200
 * characters, shortened in its stem so the extension survives.
 */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  const chars = Array.from(base);
  if (chars.length <= MAX_FILENAME) return base || 'file';
  const ext = path.extname(base);
  const extChars = Array.from(ext);
  if (!ext || extChars.length > 20) return chars.slice(0, MAX_FILENAME).join('');
  return (
    Array.from(base.slice(0, base.length - ext.length))
      .slice(0, MAX_FILENAME - extChars.length)
      .join('') + ext
  );
}

async function contentMatches(file: string, expected: readonly string[] | 'text'): Promise<boolean> {
  const detected = await fileTypeFromFile(file);
  if (expected !== 'text') return !!detected && expected.includes(detected.ext);
  if (!detected) return true;
  // a byte-order mark says text, whatever else the first bytes resemble (UTF-16 text looks like MPEG audio)
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const n = fs.readSync(fd, head, 0, 3, 0);
    return byteOrderMarks.some((bom) => n >= bom.length && head.subarray(0, bom.length).equals(bom));
  } finally {
    fs.closeSync(fd);
  }
}

const columns = {
  id: attachments.id,
  filename: attachments.filename,
  size: attachments.size,
  mime: attachments.mime,
  sha256: attachments.sha256,
  uploadedAt: attachments.uploadedAt,
  uploadedBy: attachments.uploadedBy,
  ownerType: attachments.ownerType,
  ownerId: attachments.ownerId,
};

export function toAttachment(r: { id: string; filename: string; size: number; mime: string; sha256: string; uploadedAt: Date }): TAttachment {
  return { id: r.id, filename: r.filename, size: r.size, mime: r.mime, sha256: r.sha256, uploadedAt: r.uploadedAt.toISOString() };
}

export function blobPath(dataDir: string, sha256: string) {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** An upload received into a temporary file and checked (type by extension and content, size), not yet stored. */
export interface ReceivedUpload {
  tmp: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
}

/**
 * Receive one uploaded file into a temporary file: the extension must be allowed, the content must match it
 * (magic bytes via `file-type`), it must not be empty or over the size limit. Throws with nothing kept otherwise.
 */
export async function receiveUpload(dataDir: string, file: { filename: string; stream: Readable & { truncated?: boolean } }): Promise<ReceivedUpload> {
  const filename = safeFilename(file.filename);
  const type = allowed[path.extname(filename).toLowerCase()];
  if (!type) {
    file.stream.resume();
    throw new AppError('FILE_TYPE_NOT_ALLOWED', [{ path: 'file', code: 'type' }]);
  }
  const tmpDir = path.join(dataDir, 'files', 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, crypto.randomUUID());
  const hash = crypto.createHash('sha256');
  let size = 0;
  file.stream.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  try {
    await pipeline(file.stream, fs.createWriteStream(tmp));
    if (file.stream.truncated) throw new AppError('FILE_TOO_LARGE', [{ path: 'file', code: 'too_big' }]);
    if (size === 0) throw new AppError('FILE_MISSING', [{ path: 'file', code: 'empty' }]);
    if (!(await contentMatches(tmp, type.content))) throw new AppError('FILE_CONTENT_MISMATCH', [{ path: 'file', code: 'content_mismatch' }]);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return { tmp, filename, mime: type.mime, size, sha256: hash.digest('hex') };
}

export function discardUpload(received: ReceivedUpload) {
  fs.rmSync(received.tmp, { force: true });
}

/** Store a received upload by checksum (identical files share one blob) and record it, unowned. */
export async function storeUpload(db: Db, dataDir: string, auth: AuthContext, received: ReceivedUpload): Promise<TAttachment> {
  const { tmp, sha256, size, mime, filename } = received;
  const dest = blobPath(dataDir, sha256);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  if (fs.existsSync(dest)) fs.rmSync(tmp, { force: true });
  else fs.renameSync(tmp, dest);
  const [row] = await db.insert(attachments).values({ sha256, size, mime, filename, uploadedBy: auth.userId }).returning(columns);
  return toAttachment(row!);
}

const unique0 = (ids: string[]) => [...new Set(ids)];

/** Attach uploads (made by this user, not yet attached) to a record, in the caller's transaction. */
export async function claimAttachments(tx: Executor, auth: AuthContext, ids: string[], owner: { type: string; id: string }) {
  const already = unique0(ids).length
    ? await tx
        .select({ id: attachments.id })
        .from(attachments)
        .where(and(inArray(attachments.id, unique0(ids)), eq(attachments.ownerType, owner.type), eq(attachments.ownerId, owner.id)))
    : [];
  const attached = new Set(already.map((a) => a.id));
  const unique = unique0(ids).filter((id) => !attached.has(id));
  if (!unique.length) return;
  const claimed = await tx
    .update(attachments)
    .set({ ownerType: owner.type, ownerId: owner.id })
    .where(and(inArray(attachments.id, unique), isNull(attachments.ownerId), eq(attachments.uploadedBy, auth.userId)))
    .returning({ id: attachments.id });
  if (claimed.length !== unique.length) {
    const got = new Set(claimed.map((c) => c.id));
    const index = ids.findIndex((id) => !got.has(id) && !attached.has(id));
    throw new AppError('ATTACHMENT_NOT_FOUND', [{ path: `body.attachmentIds.${index}`, code: 'not_found' }]);
  }
}

/**
 * Copy a record's attachments for filing on another record (a mail's PO PDF as an order's written order): new
 * attachment rows sharing the blobs by checksum, unowned and uploaded by the user, for the new record to claim as it
 * claims uploads; the source keeps its own. Each id must be a live attachment of `from`, else ATTACHMENT_NOT_FOUND
 * at `path`.i. Returns the new ids in order.
 */
export async function copyAttachments(tx: Executor, auth: AuthContext, ids: string[], from: { type: string; id: string }, path: string): Promise<string[]> {
  if (!ids.length) return [];
  const found = await tx
    .select(columns)
    .from(attachments)
    .where(and(inArray(attachments.id, unique0(ids)), eq(attachments.ownerType, from.type), eq(attachments.ownerId, from.id), isNull(attachments.voidedAt)));
  const byId = new Map(found.map((f) => [f.id, f]));
  const out: string[] = [];
  for (const id of unique0(ids)) {
    const src = byId.get(id);
    if (!src) throw new AppError('ATTACHMENT_NOT_FOUND', [{ path: `${path}.${ids.indexOf(id)}`, code: 'not_found' }]);
    const [row] = await tx
      .insert(attachments)
      .values({ sha256: src.sha256, size: src.size, mime: src.mime, filename: src.filename, uploadedBy: auth.userId })
      .returning({ id: attachments.id });
    out.push(row!.id);
  }
  return out;
}

export async function attachmentsOf(db: Executor, ownerType: string, ownerIds: string[]) {
  if (!ownerIds.length) return [];
  return db
    .select(columns)
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), inArray(attachments.ownerId, ownerIds), isNull(attachments.voidedAt)))
    .orderBy(attachments.uploadedAt);
}

/** Open an attachment for download if the user may read the record it belongs to. */
export async function openAttachment(db: Db, dataDir: string, auth: AuthContext, id: string) {
  const [row] = await db.select(columns).from(attachments).where(eq(attachments.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  if (row.ownerType) {
    const type = recordType(row.ownerType);
    if (!type || !auth.permissions.has(type.readPermission)) throw new AppError('FORBIDDEN');
  } else if (row.uploadedBy !== auth.userId) {
    throw new AppError('NOT_FOUND');
  }
  const file = blobPath(dataDir, row.sha256);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND');
  return { row, stream: fs.createReadStream(file) };
}
