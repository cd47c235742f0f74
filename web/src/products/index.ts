// The products feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { ModelInput } from './ModelInput.js';
export { useProductList } from './api.js';
