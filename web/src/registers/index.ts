// The registers feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { CsrNotice } from './CsrNotice.js';
export { CustomerRegistersTab } from './CustomerRegistersTab.js';
