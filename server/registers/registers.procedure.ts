import { attachmentsOf } from '../platform/files/files.js';
import { because, registerGuard, registerPanels } from '../procedures/index.js';
import * as repo from './registers.repository.js';

/** Panels of the CSR page and the guards procedures/csr-review/v1.yaml names. */
export function registerCsrHooks() {
  registerPanels('csr', ['document', 'deployment']);
  registerGuard(
    'csr-document-attached',
    async (ctx) => (await attachmentsOf(ctx.tx, 'csr', [ctx.ref.id])).length > 0 || because('csr.documents', 'CSR_NO_DOCUMENT'),
  );
  registerGuard(
    'csr-deployment-recorded',
    async (ctx) => (await repo.selectDeployments(ctx.tx, ctx.ref.id)).length > 0 || because('csr.deployments', 'CSR_NO_DEPLOYMENT'),
  );
}
