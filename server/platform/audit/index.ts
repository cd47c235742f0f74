export { insertAudit, selectHistory, pingDatabase, type AuditInput } from './audit.repository.js';
export { auditMac, configureAuditChain, redactAuditRows, sealAudit, setAuditKey, verifyAudit, type AuditVerification } from './chain.js';
