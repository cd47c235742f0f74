export {
  insertAudit,
  insertAudits,
  selectHistory,
  selectAuditTrail,
  pingDatabase,
  actorNameSql,
  type AuditInput,
  type AuditTrailFilter,
} from './audit.repository.js';
export {
  auditChainOn,
  auditKeyFingerprint,
  auditMac,
  configureAuditChain,
  redactAuditRows,
  sealAudit,
  setAuditKey,
  verifyAudit,
  type AuditVerification,
} from './chain.js';
export { auditTrail } from './trail.js';
