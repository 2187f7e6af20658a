import type { Db } from '../platform/db/client.js';
import { seedGuaranteeRules } from '../modules/aftersales/index.js';

/**
 * Data the product needs in every database, demo or not (unlike the demo seed): the published
 * guarantee contracts start at version 1. Idempotent; operators' later versions are untouched.
 */
export async function installReferenceData(db: Db) {
  await seedGuaranteeRules(db);
}
