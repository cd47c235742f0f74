// The parties feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { CustomerSelect } from './CustomerSelect.js';
export { useCustomer, useCustomerList } from './api.js';
export { GradeTag } from './labels.js';
