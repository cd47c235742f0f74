// `npm run backup [-- --out DIR]`     a consistent backup of the configured database (DATA_DIR or DATABASE_URL) and of
//                                     the data directory's files (attachments, generated keys), with SHA-256 checksums
// `npm run backup -- --verify DIR`    check a backup's checksums
// `npm run restore -- DIR`            restore into an empty data directory / empty PostgreSQL database
// Exit code 0: done; 1: refused or failed (the reason is printed); 2: configuration.
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { createBackup, verifyBackup } from './backup.js';
import { restoreBackup } from './restore.js';
import { requestBackup, runningPid } from './running.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const stamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');

try {
  const config = loadConfig();
  const mode = args[0] === 'restore' ? 'restore' : 'backup';
  if (mode === 'restore') {
    const from = args[1];
    if (!from) throw new Error('usage: npm run restore -- <backup directory>');
    if (!config.databaseUrl && runningPid(config.dataDir))
      throw new Error(`Accord is running on ${config.dataDir}: stop it, and restore into an empty data directory`);
    const database = await openDatabase(config);
    try {
      const m = await restoreBackup(database, config.dataDir, path.resolve(from));
      console.log(
        `restored ${m.tables.reduce((s, t) => s + t.rows, 0)} rows in ${m.tables.length} tables and ${m.files.length} files from the backup of ${m.createdAt} (${m.engine})`,
      );
    } finally {
      await database.close();
    }
  } else if (flag('--verify')) {
    const { manifest, problem } = await verifyBackup(path.resolve(flag('--verify')!));
    if (problem) throw new Error(problem);
    console.log(`intact: ${manifest.tables.length} tables, ${manifest.files.length} files, made ${manifest.createdAt}`);
  } else {
    const out = path.resolve(flag('--out') ?? process.env.BACKUP_DIR ?? 'backups', `accord-${stamp()}`);
    if (!config.databaseUrl && runningPid(config.dataDir)) {
      const r = await requestBackup(config.dataDir, out);
      if (!r.ok) throw new Error(r.error);
      console.log(`backup written by the running Accord: ${r.out} (${r.tables} tables, ${r.rows} rows, ${r.files} files)`);
    } else {
      const database = await openDatabase(config);
      try {
        const m = await createBackup(database, config.dataDir, out);
        console.log(`backup written: ${out} (${m.tables.length} tables, ${m.tables.reduce((s, t) => s + t.rows, 0)} rows, ${m.files.length} files)`);
      } finally {
        await database.close();
      }
    }
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exitCode = 2;
  } else {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
