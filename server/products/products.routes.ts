import { z } from 'zod';
import type { App } from '../platform/http/types.js';
import { requireAuth } from '../platform/http/access.js';
import { Id, VoidRequest } from '../../contracts/common.js';
import { CreateProductRequest, Product, ProductList, ProductListQuery, UpdateProductRequest } from '../../contracts/products.js';
import * as service from './products.service.js';

const IdParams = z.object({ id: Id });
const tags = ['products'];

export async function productsRoutes(app: App) {
  app.get(
    '/api/products',
    {
      config: { access: { permission: 'products.read' } },
      schema: { tags, summary: 'Product catalogue (型号目录)', querystring: ProductListQuery, response: { 200: ProductList } },
    },
    async (request) => service.listProducts(app.db, request.query),
  );
  app.post(
    '/api/products',
    {
      config: { record: { anyHolder: 'the product catalogue, kept by holders of products.manage' }, access: { permission: 'products.manage' } },
      schema: { tags, summary: 'Add a product / model', body: CreateProductRequest, response: { 200: Product } },
    },
    async (request) => service.createProduct(app.db, requireAuth(request), request.body),
  );
  app.get(
    '/api/products/:id',
    { config: { access: { permission: 'products.read' } }, schema: { tags, summary: 'A product', params: IdParams, response: { 200: Product } } },
    async (request) => service.getProduct(app.db, request.params.id),
  );
  app.put(
    '/api/products/:id',
    {
      config: { record: { anyHolder: 'the product catalogue, kept by holders of products.manage' }, access: { permission: 'products.manage' } },
      schema: { tags, summary: 'Update a product (model, spec, BOM flag)', params: IdParams, body: UpdateProductRequest, response: { 200: Product } },
    },
    async (request) => service.updateProduct(app.db, requireAuth(request), request.params.id, request.body),
  );
  app.post(
    '/api/products/:id/void',
    {
      config: { record: { anyHolder: 'the product catalogue, kept by holders of products.manage' }, access: { permission: 'products.manage' } },
      schema: { tags, summary: 'Void a product', params: IdParams, body: VoidRequest, response: { 200: Product } },
    },
    async (request) => service.voidProduct(app.db, requireAuth(request), request.params.id, request.body),
  );
}
