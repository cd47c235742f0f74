// The visits feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { CustomerVisitsTab } from './CustomerVisitsTab.js';
export { DepartmentSelect, StepTag } from './labels.js';
