import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { supplierMembers, suppliers } from './schema.js';

/** The suppliers a user acts for (the supplier role). */
export async function listSuppliersOfUser(db: DbOrTx, userId: string) {
  return db.select({ id: suppliers.id, companyName: suppliers.companyName, status: suppliers.status })
    .from(supplierMembers).innerJoin(suppliers, eq(suppliers.id, supplierMembers.supplierId))
    .where(eq(supplierMembers.userId, userId));
}

export async function isSupplierMember(db: DbOrTx, supplierId: string, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: supplierMembers.userId }).from(supplierMembers)
    .where(and(eq(supplierMembers.supplierId, supplierId), eq(supplierMembers.userId, userId)));
  return Boolean(row);
}
