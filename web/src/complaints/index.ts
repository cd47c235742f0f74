// The complaints feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { OrderComplaints } from './OrderComplaints.js';
export { useComplaintList, useOrderLineOptions } from './api.js';
