import { registerRecordType } from '../platform/records/record-types.js';
import { selectProduct } from './products.repository.js';

export { productsRoutes } from './products.routes.js';
export { createProduct, listProducts, updateProduct } from './products.service.js';
export { selectActiveProductsByModels, type ProductRow } from './products.repository.js';

export function registerProductFeature() {
  registerRecordType({
    type: 'product',
    title: { zh: '产品', en: 'Product' },
    readPermission: 'products.read',
    fetchTitle: async (db, id) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const p = await selectProduct(db, id);
      return p ? `${p.model} ${p.nameZh}` : null;
    },
    url: (id) => `/products/${id}`,
  });
}
