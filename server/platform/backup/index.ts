export { createBackup, verifyBackup, type BackupManifest } from './backup.js';
export { restoreBackup, RestoreError } from './restore.js';
export { markRunning, runningPid, serveBackupRequests, requestBackup } from './running.js';
