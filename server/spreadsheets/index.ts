import { registerExportLists } from './export-lists.js';
import { exportRoutes } from './export.routes.js';
import { importRoutes } from './imports.routes.js';
import type { App } from '../platform/http/types.js';

export { exportListBuffer, cellFormatter } from './export.service.js';
export { registerExportList, type ExportColumn, type ExportList } from './export-registry.js';

/** Excel in and out: list exports (xlsx/csv, streamed) and the import wizards. */
export function registerSpreadsheetFeature() {
  registerExportLists();
}

export async function spreadsheetsRoutes(app: App) {
  await app.register(exportRoutes);
  await app.register(importRoutes);
}
export { importSettled, importsSettled, importHooks } from './imports.service.js';
export { exampleSettled, examplesSettled } from './example-import.service.js';
