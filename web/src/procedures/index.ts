// The procedures feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { ProcedurePanel, fmtDue } from './ProcedurePanel.js';
export { type DueRecord, type TProcedureDefinition, useAllProcedures, useDueRecords, useInstances, useProcedure } from './api.js';
export { ProvisionalTag, useDeadlineText, useProcedureNames, useStepName } from './labels.js';
