import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { products, type ProductCategory } from './schema.js';
import { notFound } from '../../platform/errors.js';

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
  category?: ProductCategory;
  shelfLifeDays?: number | null;
  /** How to keep it, e.g. 冷藏 0-4℃. */
  storage?: string;
  /** Standards/labels the supplier claims (0防腐剂, 非转基因 …). */
  standards?: string[];
  /** Until then only leaders with first-launch rights (gold tier) may open group buys with it. */
  firstLaunchUntil?: Date | null;
}

/** Trimmed, non-empty, without repeats: what a claimed-standards list is stored as. */
export function normalizeStandards(standards: string[]): string[] {
  return [...new Set(standards.map((s) => s.trim()).filter(Boolean))];
}

function clean<T extends Partial<ProductInput>>(input: T): T {
  return input.standards ? { ...input, standards: normalizeStandards(input.standards) } : input;
}

/** Creates a product in the pool; `supplierId` attaches it to the supplier that lists it. */
export async function createProduct(db: DbOrTx, input: ProductInput & { supplierId?: string | null }): Promise<Product> {
  const [row] = await db.insert(products).values(clean(input)).returning();
  return row;
}

export async function updateProduct(db: DbOrTx, id: string, input: Partial<ProductInput> & { supplierId?: string | null }): Promise<Product> {
  if (Object.keys(input).length === 0) return getProduct(db, id);
  const [row] = await db.update(products).set(clean(input)).where(eq(products.id, id)).returning();
  if (!row) throw notFound('product.not_found');
  return row;
}

export async function getProduct(db: DbOrTx, id: string): Promise<Product> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  if (!row) throw notFound('product.not_found');
  return row;
}

/** The pool, newest first: everything for operators, active products for leaders, one supplier's own. */
export async function listProducts(db: DbOrTx, opts: { activeOnly: boolean; supplierId?: string }): Promise<Product[]> {
  const where: SQL[] = [];
  if (opts.activeOnly) where.push(eq(products.active, true));
  if (opts.supplierId) where.push(eq(products.supplierId, opts.supplierId));
  return db.select().from(products).where(where.length ? and(...where) : undefined).orderBy(desc(products.createdAt));
}

/**
 * Takes every product of a supplier off sale (on suspension). Returns the ids that were on sale,
 * so the caller can record exactly what the decision changed.
 */
export async function deactivateProductsOfSupplier(db: DbOrTx, supplierId: string): Promise<string[]> {
  const rows = await db.update(products).set({ active: false })
    .where(and(eq(products.supplierId, supplierId), eq(products.active, true))).returning({ id: products.id });
  return rows.map((r) => r.id);
}

/** How many products a supplier has listed, and how many of them are on sale. */
export async function countProductsOfSupplier(db: DbOrTx, supplierId: string): Promise<{ total: number; active: number }> {
  const [row] = await db.select({
    total: sql<number>`count(*)::int`,
    active: sql<number>`(count(*) filter (where ${products.active}))::int`,
  }).from(products).where(eq(products.supplierId, supplierId));
  return row;
}
