// The surveys feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { EChart } from './EChart.js';
export { RespondPage } from './RespondPage.js';
