import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { documentKinds, supplierDocuments, supplierMembers, supplierReviews, suppliers, supplierStatuses, type SupplierStatus } from './schema.js';
import { users } from '../identity/index.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { fileUrl, getFileMeta, recordUpload, stageUpload } from '../files/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import * as catalog from '../catalog/index.js';

export type Supplier = typeof suppliers.$inferSelect;
export type SupplierDocument = typeof supplierDocuments.$inferSelect;
export type DocumentKind = (typeof documentKinds)[number];
export type Decision = 'approve' | 'reject' | 'request_info' | 'suspend' | 'reinstate';
type Actor = { id: string; isOperator: boolean };

/** The supplier may change its application and documents only before and between reviews. */
export const EDITABLE_STATUSES: readonly SupplierStatus[] = ['draft', 'more_info_requested'];
export const MAX_DOCUMENTS = 20;

/** The suppliers a user acts for (the supplier role). */
export async function listSuppliersOfUser(db: DbOrTx, userId: string) {
  return db.select({ id: suppliers.id, companyName: suppliers.companyName, status: suppliers.status })
    .from(supplierMembers).innerJoin(suppliers, eq(suppliers.id, supplierMembers.supplierId))
    .where(eq(supplierMembers.userId, userId)).orderBy(asc(suppliers.createdAt));
}

export async function isSupplierMember(db: DbOrTx, supplierId: string, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: supplierMembers.userId }).from(supplierMembers)
    .where(and(eq(supplierMembers.supplierId, supplierId), eq(supplierMembers.userId, userId)));
  return Boolean(row);
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015)

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Spaces removed, upper case: how the code is typed off a licence and how it is stored. */
export const normalizeCreditCode = (input: string) => input.replace(/\s+/g, '').toUpperCase();

/** The check character (18th) for the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/** 18 characters from the code's alphabet, the division code in digits, and a matching check character. */
export function isValidCreditCode(code: string): boolean {
  return CREDIT_RE.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

// ---------------------------------------------------------------------------------------------
// Application

export interface ApplicationInput {
  companyName: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  address: string;
  region: string;
  description: string;
}

/** A mobile number or a landline with area code (0411-82345678). */
const CONTACT_PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

function cleanApplication<T extends Partial<ApplicationInput>>(input: T): T {
  const out: Partial<ApplicationInput> = {};
  for (const [k, v] of Object.entries(input)) if (typeof v === 'string') out[k as keyof ApplicationInput] = v.trim();
  if (out.creditCode !== undefined) {
    out.creditCode = normalizeCreditCode(out.creditCode);
    if (!isValidCreditCode(out.creditCode)) throw badRequest('supplier.credit_code_invalid');
  }
  if (out.contactPhone !== undefined) {
    out.contactPhone = out.contactPhone.replace(/\s+/g, '').replace(/^\+?86(?=1)/, '');
    if (!CONTACT_PHONE_RE.test(out.contactPhone)) throw badRequest('supplier.phone_invalid');
  }
  return out as T;
}

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.cause?.code === UNIQUE_VIOLATION;
};

async function creditCodeTaken(db: DbOrTx, creditCode: string, exceptId?: string) {
  const [row] = await db.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.creditCode, creditCode));
  return Boolean(row && row.id !== exceptId);
}

/**
 * A user applies for admission: the application starts as a draft they act for. One open
 * application per account; after a rejection the account may apply again for another company.
 */
export async function applyForAdmission(db: Db, userId: string, raw: ApplicationInput, now = new Date()): Promise<Supplier> {
  const input = cleanApplication(raw);
  const mine = await listSuppliersOfUser(db, userId);
  if (mine.some((s) => s.status !== 'rejected')) throw conflict('supplier.already_applied');
  if (await creditCodeTaken(db, input.creditCode)) throw conflict('supplier.credit_code_taken');
  try {
    return await inTransaction(db, async (tx) => {
      const [row] = await tx.insert(suppliers).values({ ...input, status: 'draft', createdBy: userId, createdAt: now }).returning();
      await tx.insert(supplierMembers).values({ supplierId: row.id, userId });
      return row;
    });
  } catch (err) {
    // Two applications with one code raced: the unique index decides.
    if (isUniqueViolation(err)) throw conflict('supplier.credit_code_taken');
    throw err;
  }
}

async function getSupplier(db: DbOrTx, id: string): Promise<Supplier> {
  const [row] = await db.select().from(suppliers).where(eq(suppliers.id, id));
  if (!row) throw notFound('supplier.not_found');
  return row;
}

/** Operators see every supplier; a member sees only its own. Anyone else: as if it did not exist. */
export async function requireSupplierAccess(db: DbOrTx, supplierId: string, actor: Actor): Promise<Supplier> {
  const supplier = await getSupplier(db, supplierId);
  if (!actor.isOperator && !(await isSupplierMember(db, supplierId, actor.id))) throw notFound('supplier.not_found');
  return supplier;
}

/** Acting for a supplier (editing, uploading, submitting, listing products) is for its members only. */
async function requireMember(db: DbOrTx, supplierId: string, actor: Actor): Promise<Supplier> {
  const supplier = await getSupplier(db, supplierId);
  if (!(await isSupplierMember(db, supplierId, actor.id))) {
    if (actor.isOperator) throw forbidden('supplier.member_only');
    throw notFound('supplier.not_found');
  }
  return supplier;
}

function requireEditable(supplier: Supplier) {
  if (!EDITABLE_STATUSES.includes(supplier.status)) throw conflict('supplier.not_editable');
}

/** The supplier corrects its application while it is a draft or more information was asked for. */
export async function updateApplication(db: Db, actor: Actor, supplierId: string, raw: Partial<ApplicationInput>): Promise<Supplier> {
  const supplier = await requireMember(db, supplierId, actor);
  requireEditable(supplier);
  const input = cleanApplication(raw);
  if (Object.keys(input).length === 0) return supplier;
  if (input.creditCode && (await creditCodeTaken(db, input.creditCode, supplierId))) throw conflict('supplier.credit_code_taken');
  try {
    const [row] = await db.update(suppliers).set(input)
      .where(and(eq(suppliers.id, supplierId), inArray(suppliers.status, [...EDITABLE_STATUSES]))).returning();
    if (!row) throw conflict('supplier.not_editable');
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('supplier.credit_code_taken');
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Documents

export interface DocumentInput {
  kind: DocumentKind;
  title: string;
  file: { filename: string; bytes: Buffer };
}

/** Adds a qualification document (PDF or image, checked by its real type and size), private to the supplier and operators. */
export async function addDocument(db: Db, storage: FileStorage, actor: Actor, supplierId: string, input: DocumentInput) {
  const supplier = await requireMember(db, supplierId, actor);
  requireEditable(supplier);
  if (!documentKinds.includes(input.kind)) throw badRequest('supplier.document_kind_invalid');
  const title = input.title.trim();
  if (!title) throw badRequest('supplier.document_title_required');
  const [{ n }] = await db.select({ n: count() }).from(supplierDocuments).where(eq(supplierDocuments.supplierId, supplierId));
  if (n >= MAX_DOCUMENTS) throw conflict('supplier.too_many_documents', { max: MAX_DOCUMENTS });
  const staged = await stageUpload(storage, input.file.bytes, 'documents');
  const doc = await inTransaction(db, async (tx) => {
    const file = await recordUpload(tx, staged, { ownerId: actor.id, scope: `supplier:${supplierId}`, originalName: input.file.filename, visibility: 'private' });
    const [row] = await tx.insert(supplierDocuments).values({ supplierId, kind: input.kind, title: title.slice(0, 60), fileId: file.id }).returning();
    return row;
  });
  return documentView(db, doc);
}

/** Removes a document while the application is editable (the stored file is kept for the record). */
export async function deleteDocument(db: Db, actor: Actor, supplierId: string, documentId: string) {
  const supplier = await requireMember(db, supplierId, actor);
  requireEditable(supplier);
  const [row] = await db.delete(supplierDocuments)
    .where(and(eq(supplierDocuments.id, documentId), eq(supplierDocuments.supplierId, supplierId))).returning({ id: supplierDocuments.id });
  if (!row) throw notFound('supplier.document_not_found');
  return { id: row.id };
}

async function documentView(db: DbOrTx, doc: SupplierDocument) {
  const file = await getFileMeta(db, doc.fileId);
  return {
    id: doc.id, kind: doc.kind, title: doc.title, fileId: doc.fileId, url: fileUrl(doc.fileId), createdAt: doc.createdAt,
    originalName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes,
  };
}

// ---------------------------------------------------------------------------------------------
// Submission and review

/** Moves the supplier from one status to another and keeps the decision; fails if someone moved it first. */
async function transition(tx: Tx, supplierId: string, step: { from: SupplierStatus; to: SupplierStatus; decision: 'submit' | Decision; actorId: string; reason: string; now: Date }) {
  const [row] = await tx.update(suppliers)
    .set({ status: step.to, ...(step.decision === 'submit' ? { submittedAt: step.now } : {}) })
    .where(and(eq(suppliers.id, supplierId), eq(suppliers.status, step.from))).returning();
  if (!row) throw conflict('supplier.status_changed');
  const [review] = await tx.insert(supplierReviews).values({
    supplierId, decision: step.decision, reason: step.reason, actorId: step.actorId, fromStatus: step.from, toStatus: step.to, createdAt: step.now,
  }).returning();
  return { supplier: row, review };
}

/** The supplier sends its application for review; a business licence and a food licence are required. */
export async function submitApplication(db: Db, actor: Actor, supplierId: string, now = new Date()) {
  const supplier = await requireMember(db, supplierId, actor);
  requireEditable(supplier);
  const kinds = new Set((await db.select({ kind: supplierDocuments.kind }).from(supplierDocuments).where(eq(supplierDocuments.supplierId, supplierId))).map((d) => d.kind));
  const missingBusiness = !kinds.has('business_licence');
  const missingFood = !kinds.has('food_licence');
  if (missingBusiness && missingFood) throw badRequest('supplier.missing_documents');
  if (missingBusiness) throw badRequest('supplier.missing_business_licence');
  if (missingFood) throw badRequest('supplier.missing_food_licence');
  return inTransaction(db, async (tx) => {
    const { supplier: row } = await transition(tx, supplierId, { from: supplier.status, to: 'submitted', decision: 'submit', actorId: actor.id, reason: '', now });
    await recordEvent(tx, { type: 'supplier.submitted', communityId: null, actorId: actor.id, subjectId: supplierId, payload: { from: supplier.status, resubmission: supplier.status === 'more_info_requested' } });
    return row;
  });
}

const DECISIONS: Record<Decision, { from: SupplierStatus; to: SupplierStatus; reasonRequired: boolean; event: `supplier.${'approved' | 'rejected' | 'info_requested' | 'suspended' | 'reinstated'}`; wrongState: string }> = {
  approve: { from: 'submitted', to: 'approved', reasonRequired: false, event: 'supplier.approved', wrongState: 'supplier.not_under_review' },
  reject: { from: 'submitted', to: 'rejected', reasonRequired: true, event: 'supplier.rejected', wrongState: 'supplier.not_under_review' },
  request_info: { from: 'submitted', to: 'more_info_requested', reasonRequired: true, event: 'supplier.info_requested', wrongState: 'supplier.not_under_review' },
  suspend: { from: 'approved', to: 'suspended', reasonRequired: true, event: 'supplier.suspended', wrongState: 'supplier.cannot_suspend' },
  reinstate: { from: 'suspended', to: 'approved', reasonRequired: false, event: 'supplier.reinstated', wrongState: 'supplier.cannot_reinstate' },
};

/**
 * An operator's decision. Approve, reject and request more information apply to a submitted
 * application; suspend to an admitted supplier (its products go off sale in the same
 * transaction); reinstate to a suspended one (its products stay off until put back on sale).
 */
export async function decide(db: Db, operatorId: string, supplierId: string, decision: Decision, rawReason: string, now = new Date()) {
  const rule = DECISIONS[decision];
  const reason = rawReason.trim();
  const supplier = await getSupplier(db, supplierId);
  if (supplier.status !== rule.from) throw conflict(rule.wrongState);
  if (rule.reasonRequired && !reason) throw badRequest('supplier.reason_required');
  return inTransaction(db, async (tx) => {
    const { supplier: row, review } = await transition(tx, supplierId, { from: rule.from, to: rule.to, decision, actorId: operatorId, reason, now });
    const deactivated = decision === 'suspend' ? await catalog.deactivateProductsOfSupplier(tx, supplierId) : [];
    await recordEvent(tx, {
      type: rule.event, communityId: null, actorId: operatorId, subjectId: supplierId,
      payload: { from: rule.from, to: rule.to, reason, reviewId: review.id, ...(decision === 'suspend' ? { productsDeactivated: deactivated } : {}) },
    });
    return { supplier: row, productsDeactivated: deactivated.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Views

/** One supplier as its members and operators see it: facts, documents and the decision history. */
export async function supplierDetail(db: Db, actor: Actor, supplierId: string) {
  const supplier = await requireSupplierAccess(db, supplierId, actor);
  const docs = await db.select().from(supplierDocuments).where(eq(supplierDocuments.supplierId, supplierId)).orderBy(asc(supplierDocuments.createdAt));
  const reviews = await db.select({
    id: supplierReviews.id, decision: supplierReviews.decision, reason: supplierReviews.reason, fromStatus: supplierReviews.fromStatus,
    toStatus: supplierReviews.toStatus, createdAt: supplierReviews.createdAt, actorName: users.name,
  }).from(supplierReviews).innerJoin(users, eq(users.id, supplierReviews.actorId))
    .where(eq(supplierReviews.supplierId, supplierId)).orderBy(desc(supplierReviews.createdAt), desc(supplierReviews.id));
  const productStats = await catalog.countProductsOfSupplier(db, supplierId);
  return {
    ...supplier,
    editable: EDITABLE_STATUSES.includes(supplier.status),
    productStats,
    documents: await Promise.all(docs.map((d) => documentView(db, d))),
    // Who decided is kept; the supplier sees "the platform", operators see the colleague's name.
    reviews: reviews.map((r) => ({ ...r, byOperator: r.decision !== 'submit', actorName: actor.isOperator || r.decision === 'submit' ? r.actorName : null })),
  };
}

/** The operators' admission queue: suppliers by status (submitted first-come first-served), with counts per status. */
export async function listSuppliers(db: Db, filter: { status?: SupplierStatus }) {
  const rows = await db.select().from(suppliers)
    .where(filter.status ? eq(suppliers.status, filter.status) : undefined)
    .orderBy(filter.status === 'submitted' ? asc(suppliers.submittedAt) : desc(sql`coalesce(${suppliers.submittedAt}, ${suppliers.createdAt})`));
  const ids = rows.map((r) => r.id);
  const docs = ids.length ? await db.select({ id: supplierDocuments.id, supplierId: supplierDocuments.supplierId, kind: supplierDocuments.kind, title: supplierDocuments.title, fileId: supplierDocuments.fileId })
    .from(supplierDocuments).where(inArray(supplierDocuments.supplierId, ids)).orderBy(asc(supplierDocuments.createdAt)) : [];
  const last = ids.length ? await db.selectDistinctOn([supplierReviews.supplierId], {
    supplierId: supplierReviews.supplierId, decision: supplierReviews.decision, reason: supplierReviews.reason, createdAt: supplierReviews.createdAt,
  }).from(supplierReviews).where(inArray(supplierReviews.supplierId, ids)).orderBy(supplierReviews.supplierId, desc(supplierReviews.createdAt), desc(supplierReviews.id)) : [];
  const counted = await db.select({ status: suppliers.status, n: count() }).from(suppliers).groupBy(suppliers.status);
  const counts = Object.fromEntries(supplierStatuses.map((s) => [s, counted.find((c) => c.status === s)?.n ?? 0])) as Record<SupplierStatus, number>;
  return {
    items: rows.map((s) => ({
      ...s,
      documents: docs.filter((d) => d.supplierId === s.id).map(({ supplierId: _, ...d }) => ({ ...d, url: fileUrl(d.fileId) })),
      lastReview: last.find((r) => r.supplierId === s.id) ?? null,
    })),
    counts,
  };
}

// ---------------------------------------------------------------------------------------------
// Products

/** Off sale unless the supplier is admitted: suspended or unapproved suppliers' products cannot go (back) on sale. */
export async function requireSupplierMaySell(db: DbOrTx, supplierId: string) {
  const supplier = await getSupplier(db, supplierId);
  if (supplier.status !== 'approved') throw conflict('supplier.not_approved');
}

/** Locks the supplier row against a concurrent suspension while a product is written. */
async function lockApproved(tx: Tx, supplierId: string) {
  const [row] = await tx.select({ status: suppliers.status }).from(suppliers).where(eq(suppliers.id, supplierId)).for('share');
  if (!row || row.status !== 'approved') throw conflict('supplier.not_approved');
}

function checkProductFacts(input: Partial<catalog.ProductInput>, existing?: catalog.Product) {
  const category = input.category ?? existing?.category ?? 'other';
  if (category === 'other') return;
  // Food must say how long it keeps and how to keep it.
  const shelfLife = input.shelfLifeDays !== undefined ? input.shelfLifeDays : existing?.shelfLifeDays;
  const storage = input.storage !== undefined ? input.storage : existing?.storage;
  if (!shelfLife) throw badRequest('supplier.product_shelf_life_required');
  if (!storage?.trim()) throw badRequest('supplier.product_storage_required');
}

export async function listSupplierProducts(db: Db, actor: Actor, supplierId: string) {
  await requireSupplierAccess(db, supplierId, actor);
  return catalog.listProducts(db, { activeOnly: false, supplierId });
}

/** An admitted supplier lists a product in the platform's pool. */
export async function createSupplierProduct(db: Db, actor: Actor, supplierId: string, input: catalog.ProductInput) {
  const supplier = await requireMember(db, supplierId, actor);
  if (supplier.status !== 'approved') throw conflict('supplier.not_approved');
  checkProductFacts(input);
  return inTransaction(db, async (tx) => {
    await lockApproved(tx, supplierId);
    const product = await catalog.createProduct(tx, { ...input, supplierId, active: input.active ?? true });
    await recordEvent(tx, { type: 'product.listed', communityId: null, actorId: actor.id, subjectId: product.id, payload: { supplierId } });
    return product;
  });
}

/** An admitted supplier edits one of its own products; another supplier's product is not found. */
export async function updateSupplierProduct(db: Db, actor: Actor, supplierId: string, productId: string, input: Partial<catalog.ProductInput>) {
  const supplier = await requireMember(db, supplierId, actor);
  const existing = await catalog.getProduct(db, productId);
  if (existing.supplierId !== supplierId) throw notFound('product.not_found');
  if (supplier.status !== 'approved') throw conflict('supplier.not_approved');
  checkProductFacts(input, existing);
  return inTransaction(db, async (tx) => {
    await lockApproved(tx, supplierId);
    return catalog.updateProduct(tx, productId, input);
  });
}
