// The actions feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { ActionItemsPanel } from './ActionItemsPanel.js';
export { ActionTable } from './ActionTable.js';
export { type TActionItem, useActionList } from './api.js';
export { DueDate } from './labels.js';
