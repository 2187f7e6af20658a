import { desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { products } from './schema.js';
import { notFound } from '../../shared/errors.js';

export type Product = typeof products.$inferSelect;
export interface ProductInput {
  name: string;
  spec: string;
  unit: string;
  origin: string;
  description: string;
  imageUrls: string[];
  listPriceFen: number;
  active?: boolean;
}

export async function createProduct(db: Db, input: ProductInput): Promise<Product> {
  const [row] = await db.insert(products).values(input).returning();
  return row;
}

export async function updateProduct(db: Db, id: string, input: Partial<ProductInput>): Promise<Product> {
  const [row] = await db.update(products).set(input).where(eq(products.id, id)).returning();
  if (!row) throw notFound('product.not_found');
  return row;
}

export async function getProduct(db: DbOrTx, id: string): Promise<Product> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound('product.not_found');
  return row;
}

export async function listProducts(db: Db, opts: { activeOnly: boolean }): Promise<Product[]> {
  const q = db.select().from(products);
  return (opts.activeOnly ? q.where(eq(products.active, true)) : q).orderBy(desc(products.createdAt));
}
