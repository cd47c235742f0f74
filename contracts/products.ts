import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, Version, paged, optText } from './common.js';

/**
 * The product / model catalogue (型号、规格、是否已列入电脑 BOM). Orders match their lines
 * against it: a model not in the BOM makes the order a contract [QC 4.3.1].
 */
export const Product = z.object({
  id: Id,
  model: z.string().describe('型号'),
  spec: z.string().nullable().describe('规格'),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  inBom: z.boolean().describe('已列入电脑 BOM 系统'),
  notes: z.string().nullable(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
  version: Version,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type TProduct = z.infer<typeof Product>;

const productFields = {
  model: z.string().trim().min(1).max(60).describe('型号 (unique among active products, case-insensitive)'),
  spec: optText(200),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: optText(100),
  inBom: z.boolean().default(false),
  notes: optText(1000),
};
export const CreateProductRequest = z.object(productFields);
export const UpdateProductRequest = z.object({ version: Version, reason: optText(500), ...productFields });

export const ProductListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('model, spec or name contains'),
  inBom: z.enum(['true', 'false']).optional(),
  includeVoided: z.enum(['true', 'false']).optional(),
});
export const ProductList = paged(Product);
