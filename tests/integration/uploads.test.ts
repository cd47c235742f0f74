import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db/client.js';
import { adminClient, engines, expectProblem, testApp } from '../support/harness.js';
import { jpegBytes, pngBytes, upload, uploadParts } from '../support/multipart.js';

const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0)]);
const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58, 0x90), Buffer.from([0x80, 0, 0, 0]), Buffer.from('This program cannot be run in DOS mode.')]);

async function attachmentCount(db: Db) {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from attachments`);
  return row!.n;
}

/** blobs kept under DATA_DIR/files, and leftovers in its tmp folder */
function storedFiles(dataDir: string) {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return { blobs: 0, tmp: 0 };
  const all = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const tmp = all.filter((e) => path.basename(e.parentPath) === 'tmp').length;
  return { blobs: all.length - tmp, tmp };
}

describe.each(engines())('uploads on %s', (engine) => {
  it('checks the type by content: a program named .pdf is refused, text without magic is allowed as text', async () => {
    const { app, database, dataDir } = await testApp(engine);
    const { session } = await adminClient(app);
    const before = await attachmentCount(database.db);
    const files = storedFiles(dataDir);

    expectProblem(await upload(app, session, 'invoice.pdf', elf, 'application/pdf'), 415, 'FILE_CONTENT_MISMATCH');
    expectProblem(await upload(app, session, 'invoice.pdf', pe, 'application/pdf'), 415, 'FILE_CONTENT_MISMATCH');
    expectProblem(await upload(app, session, 'readme.txt', pe, 'text/plain'), 415, 'FILE_CONTENT_MISMATCH');
    expectProblem(await upload(app, session, 'photo.jpg', pngBytes('a png'), 'image/jpeg'), 415, 'FILE_CONTENT_MISMATCH');
    expectProblem(await upload(app, session, 'photo.jpg', 'not a photo at all', 'image/jpeg'), 415, 'FILE_CONTENT_MISMATCH');
    // the extension is still checked first
    expectProblem(await upload(app, session, 'tool.exe', pe), 415, 'FILE_TYPE_NOT_ALLOWED');
    expect(await attachmentCount(database.db)).toBe(before);
    expect(storedFiles(dataDir)).toEqual(files);

    // what people attach keeps working: scans, photos, plain text and CSV (also UTF-16 with a byte-order mark, as Excel saves it)
    for (const [name, content] of [
      ['fax.pdf', Buffer.from('%PDF-1.4 fax scan')],
      ['defect.jpg', jpegBytes('defect')],
      ['fishbone.png', pngBytes('fishbone')],
      ['notes.txt', Buffer.from('客户电话记录：RY-2045 外壳开裂')],
      ['lots.csv', Buffer.from('lot,qty\n2611-03,30\n')],
      ['lots-utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('lot,qty\r\n2611-03,30\r\n', 'utf16le')])],
      ['mail.eml', Buffer.from('From: buyer@example.com\r\nSubject: PO 88001\r\n\r\nPlease confirm.')],
    ] as const) {
      const res = await upload(app, session, name, content);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(res.json().filename).toBe(name);
    }
  });

  it('refuses a second file in one request naming the limit, and keeps nothing of the first', async () => {
    const { app, database, dataDir } = await testApp(engine);
    const { session } = await adminClient(app);
    const before = await attachmentCount(database.db);
    const files = storedFiles(dataDir);
    const two = await uploadParts(app, session, [
      { name: 'file', filename: 'a.pdf', content: '%PDF-1.4 first', type: 'application/pdf' },
      { name: 'file', filename: 'b.pdf', content: '%PDF-1.4 second', type: 'application/pdf' },
    ]);
    const problem = expectProblem(two, 400, 'TOO_MANY_FILES');
    expect(problem.detail).toMatch(/一个文件/);
    expect(await attachmentCount(database.db)).toBe(before);
    expect(storedFiles(dataDir)).toEqual(files);
    // a text field beside the one file is fine
    const withField = await uploadParts(app, session, [
      { name: 'note', content: '传真' },
      { name: 'file', filename: 'a.pdf', content: '%PDF-1.4 first', type: 'application/pdf' },
    ]);
    expect(withField.statusCode, withField.body).toBe(200);
  });

  it('keeps the extension of a 400-character file name, cutting the stem', async () => {
    const { app } = await testApp(engine);
    const { session } = await adminClient(app);
    const latin = `${'quarterly-delivery-report-'.repeat(16)}`.slice(0, 396) + '.pdf';
    expect(latin).toHaveLength(400);
    const res = await upload(app, session, latin, '%PDF-1.4 report', 'application/pdf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().filename).toHaveLength(200);
    expect(res.json().filename).toBe(latin.slice(0, 196) + '.pdf');
    // Chinese (and characters outside the BMP) are cut by character, never in half
    const chinese = '客户投诉分析报告𠮷'.repeat(44) + '.xlsx';
    const zh = await upload(app, session, chinese, Buffer.from('PK\x03\x04' + '\0'.repeat(60), 'latin1'));
    expect(zh.statusCode, zh.body).toBe(200);
    expect(Array.from(zh.json().filename as string)).toHaveLength(200);
    expect(zh.json().filename.endsWith('.xlsx')).toBe(true);
    expect(zh.json().filename.isWellFormed()).toBe(true);
  });

  it('refuses NUL in multipart fields and file names like any other text', async () => {
    const { app, database } = await testApp(engine);
    const { session } = await adminClient(app);
    const before = await attachmentCount(database.db);
    const field = await uploadParts(app, session, [
      { name: 'note', content: 'ab\u0000cd' },
      { name: 'file', filename: 'a.pdf', content: '%PDF-1.4', type: 'application/pdf' },
    ]);
    expect(expectProblem(field, 400, 'INVALID_TEXT').errors![0]!.path).toBe('body.note');
    const name = await uploadParts(app, session, [{ name: 'file', filename: 'inv\u0000oice.pdf', content: '%PDF-1.4', type: 'application/pdf' }]);
    expect(expectProblem(name, 400, 'INVALID_TEXT').errors![0]!.path).toBe('body.file.filename');
    expect(await attachmentCount(database.db)).toBe(before);
  });
});
