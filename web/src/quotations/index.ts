// The quotations feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { QuotePriceAlert, QuotePriceTag } from './OrderPriceCheck.js';
export { useQuotationList } from './api.js';
