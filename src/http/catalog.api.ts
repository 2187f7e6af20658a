import { z } from 'zod';
import { instant } from './api-schemas.js';
import { productCategories } from '../modules/catalog/index.js';

/** Response shapes of the catalog routes. */

/** A product of the platform's pool, with the quality facts its supplier claims. */
export const product = z.object({
  id: z.uuid(),
  name: z.string(),
  spec: z.string(),
  unit: z.string(),
  origin: z.string(),
  description: z.string(),
  imageUrls: z.array(z.string()),
  listPriceFen: z.number().int(),
  supplierId: z.uuid().nullable(),
  category: z.enum(productCategories),
  shelfLifeDays: z.number().int().nullable(),
  storage: z.string(),
  standards: z.array(z.string()),
  active: z.boolean(),
  /** Until then only leaders with first-launch rights may open group buys of it. */
  firstLaunchUntil: instant.nullable(),
  createdAt: instant,
}).meta({ id: 'Product' });
