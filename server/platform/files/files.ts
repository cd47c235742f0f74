import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import { attachments } from '../platform.table.js';
import { AppError } from '../http/app-error.js';
import type { AuthContext } from '../http/access.js';
import { recordType } from '../records/record-types.js';
import type { TAttachment } from '../../../contracts/communications.js';

/** Allowed types by extension: scans, photos, office documents, mail, plain data. */
const allowed: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.bmp': 'image/bmp',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.eml': 'message/rfc822',
  '.msg': 'application/vnd.ms-outlook',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.zip': 'application/zip',
};

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

function blobPath(dataDir: string, sha256: string) {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Store an upload by checksum (identical files share one blob) and record it, unowned. */
export async function storeUpload(
  db: Db,
  dataDir: string,
  auth: AuthContext,
  file: { filename: string; stream: Readable & { truncated?: boolean } },
): Promise<TAttachment> {
  const filename = path.basename(file.filename).slice(0, 200) || 'file';
  const ext = path.extname(filename).toLowerCase();
  const mime = allowed[ext];
  if (!mime) {
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
  await pipeline(file.stream, fs.createWriteStream(tmp));
  if (file.stream.truncated) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('FILE_TOO_LARGE', [{ path: 'file', code: 'too_big' }]);
  }
  if (size === 0) {
    fs.rmSync(tmp, { force: true });
    throw new AppError('FILE_MISSING', [{ path: 'file', code: 'empty' }]);
  }
  const sha256 = hash.digest('hex');
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
