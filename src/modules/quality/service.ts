import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { batches, inspections, inspectionValues, logisticsEvents, logisticsKinds } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { getProduct } from '../catalog/index.js';
import { isSupplierMember } from '../suppliers/index.js';
import { fileUrl, recordUpload, stageUpload } from '../files/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { suppliers } from '../suppliers/index.js';
import { products } from '../catalog/index.js';
import { endorsementsOfProduct } from '../leaders/index.js';
import { insertInspectionValues, validateValues, type ValueInput } from './standards.service.js';

export type Batch = typeof batches.$inferSelect;
type Actor = { id: string; isOperator: boolean };

/** Suppliers act on their own products' batches; operators on all. */
async function requireSupplierAccess(db: DbOrTx, supplierId: string | null, actor: Actor) {
  if (actor.isOperator) return;
  if (!supplierId || !(await isSupplierMember(db, supplierId, actor.id))) throw notFound('batch.not_found');
}

function batchCode(producedAt: Date) {
  const d = new Date(producedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `B${d}-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export interface BatchInput {
  productId: string;
  producedAt: Date;
  quantity: number;
  sourcePlace: string;
}

/** A supplier records a harvest/production run; it cannot be sold until inspected and approved. */
export async function createBatch(db: Db, actor: Actor, input: BatchInput, now = new Date()): Promise<Batch> {
  const product = await getProduct(db, input.productId);
  if (!product.supplierId) throw badRequest('batch.product_without_supplier');
  await requireSupplierAccess(db, product.supplierId, actor);
  const [supplier] = await db.select({ status: suppliers.status }).from(suppliers).where(eq(suppliers.id, product.supplierId));
  if (supplier?.status !== 'approved') throw conflict('batch.supplier_not_approved');
  if (input.producedAt.getTime() > now.getTime()) throw badRequest('batch.produced_in_future');
  return inTransaction(db, async (tx) => {
    const [batch] = await tx.insert(batches).values({
      code: batchCode(input.producedAt), productId: product.id, supplierId: product.supplierId!,
      producedAt: input.producedAt, quantity: input.quantity, sourcePlace: input.sourcePlace.trim(),
    }).returning();
    await recordEvent(tx, { type: 'batch.created', communityId: null, actorId: actor.id, subjectId: batch.id, payload: { productId: product.id, code: batch.code } });
    return batch;
  });
}

export async function getBatch(db: DbOrTx, id: string): Promise<Batch> {
  const [b] = await db.select().from(batches).where(eq(batches.id, id));
  if (!b) throw notFound('batch.not_found');
  return b;
}

export interface InspectionInput {
  lab: string;
  inspectedAt: Date;
  result: 'pass' | 'fail';
  summary: string;
  report: { filename: string; bytes: Buffer };
  /** Structured results per analyte, as the report states them (what standards are proved by). */
  values?: ValueInput[];
}

/** Adds a lab's inspection with its report (PDF or image), public on the traceability page. */
export async function addInspection(db: Db, storage: FileStorage, actor: Actor, batchId: string, input: InspectionInput, now = new Date()) {
  const batch = await getBatch(db, batchId);
  await requireSupplierAccess(db, batch.supplierId, actor);
  if (input.inspectedAt.getTime() > now.getTime()) throw badRequest('inspection.date_in_future');
  if (batch.status !== 'pending') throw conflict('batch.already_reviewed');
  const values = validateValues(input.values ?? []);
  const report = await stageUpload(storage, input.report.bytes, 'documents');
  return inTransaction(db, async (tx) => {
    const file = await recordUpload(tx, report, { ownerId: actor.id, scope: `batch:${batch.id}`, originalName: input.report.filename, visibility: 'public' });
    const [row] = await tx.insert(inspections).values({ batchId, lab: input.lab.trim(), inspectedAt: input.inspectedAt, result: input.result, summary: input.summary.trim(), reportFileId: file.id }).returning();
    const stored = await insertInspectionValues(tx, row.id, values);
    await recordEvent(tx, { type: 'inspection.recorded', communityId: null, actorId: actor.id, subjectId: batch.id, payload: { inspectionId: row.id, result: row.result, lab: row.lab } });
    return { ...row, values: stored.map((v) => ({ analyte: v.analyte, notDetected: v.notDetected, value: v.value, unit: v.unit })) };
  });
}

/** Operators accept a batch only on a passing latest inspection; rejecting needs a reason. */
export async function reviewBatch(db: Db, operatorId: string, batchId: string, decision: 'approve' | 'reject', note: string, now = new Date()) {
  const batch = await getBatch(db, batchId);
  if (batch.status !== 'pending') throw conflict('batch.already_reviewed');
  if (decision === 'approve') {
    const [latest] = await db.select().from(inspections).where(eq(inspections.batchId, batchId)).orderBy(desc(inspections.inspectedAt)).limit(1);
    if (!latest) throw conflict('batch.no_inspection');
    if (latest.result !== 'pass') throw conflict('batch.inspection_failed');
  } else if (!note.trim()) {
    throw badRequest('batch.reason_required');
  }
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(batches).set({ status: decision === 'approve' ? 'approved' : 'rejected', reviewedBy: operatorId, reviewedAt: now, reviewNote: note.trim() })
      .where(and(eq(batches.id, batchId), eq(batches.status, 'pending'))).returning();
    if (!row) throw conflict('batch.already_reviewed');
    await recordEvent(tx, { type: decision === 'approve' ? 'batch.approved' : 'batch.rejected', communityId: null, actorId: operatorId, subjectId: batchId, payload: { note: note.trim() } });
    return row;
  });
}

export interface LogisticsInput {
  kind: (typeof logisticsKinds)[number];
  occurredAt: Date;
  place: string;
  temperatureC?: number | null;
  communityId?: string | null;
  note?: string;
}

export async function addLogisticsEvent(db: DbOrTx, actor: Actor | { id: string; system: true }, batchId: string, input: LogisticsInput, now = new Date()) {
  const batch = await getBatch(db, batchId);
  if (!('system' in actor)) await requireSupplierAccess(db, batch.supplierId, actor);
  if (input.occurredAt.getTime() > now.getTime() + 5 * 60_000) throw badRequest('logistics.in_future');
  if (input.occurredAt.getTime() < batch.producedAt.getTime()) throw badRequest('logistics.before_production');
  if (input.kind === 'temperature' && (input.temperatureC === null || input.temperatureC === undefined)) throw badRequest('logistics.temperature_required');
  const [row] = await db.insert(logisticsEvents).values({
    batchId, kind: input.kind, occurredAt: input.occurredAt, place: input.place.trim(), temperatureC: input.temperatureC ?? null,
    communityId: input.communityId ?? null, note: input.note?.trim() ?? '', recordedBy: actor.id,
  }).returning();
  return row;
}

/** The structured values of some inspections, by inspection. */
async function valuesOf(db: DbOrTx, inspectionIds: string[]) {
  const rows = inspectionIds.length ? await db.select().from(inspectionValues).where(inArray(inspectionValues.inspectionId, inspectionIds)).orderBy(asc(inspectionValues.analyte)) : [];
  return (id: string) => rows.filter((v) => v.inspectionId === id).map((v) => ({ analyte: v.analyte, notDetected: v.notDetected, value: v.value, unit: v.unit }));
}

/** Batches a supplier (or an operator) works with, newest first, with their latest inspection. */
export async function listBatches(db: Db, filter: { id?: string; supplierId?: string; status?: Batch['status']; productId?: string }) {
  const conds = [
    filter.id ? eq(batches.id, filter.id) : undefined,
    filter.supplierId ? eq(batches.supplierId, filter.supplierId) : undefined,
    filter.status ? eq(batches.status, filter.status) : undefined,
    filter.productId ? eq(batches.productId, filter.productId) : undefined,
  ].filter(Boolean);
  const rows = await db.select({
    id: batches.id, code: batches.code, productId: batches.productId, supplierId: batches.supplierId, producedAt: batches.producedAt,
    quantity: batches.quantity, sourcePlace: batches.sourcePlace, status: batches.status, reviewNote: batches.reviewNote, reviewedAt: batches.reviewedAt,
    createdAt: batches.createdAt, productName: products.name, supplierName: suppliers.companyName,
  }).from(batches).innerJoin(products, eq(products.id, batches.productId)).leftJoin(suppliers, eq(suppliers.id, batches.supplierId))
    .where(conds.length ? and(...conds) : undefined).orderBy(desc(batches.createdAt)).limit(200);
  const ids = rows.map((r) => r.id);
  const insp = ids.length ? await db.select().from(inspections).where(inArray(inspections.batchId, ids)).orderBy(asc(inspections.inspectedAt)) : [];
  const values = await valuesOf(db, insp.map((i) => i.id));
  return rows.map((r) => ({ ...r, inspections: insp.filter((i) => i.batchId === r.id).map((i) => ({ ...i, reportUrl: fileUrl(i.reportFileId), values: values(i.id) })) }));
}

export async function batchDetail(db: Db, actor: Actor, batchId: string) {
  const batch = await getBatch(db, batchId);
  await requireSupplierAccess(db, batch.supplierId, actor);
  const [row] = await listBatches(db, { id: batchId });
  const events = await db.select().from(logisticsEvents).where(eq(logisticsEvents.batchId, batchId)).orderBy(asc(logisticsEvents.occurredAt));
  return { ...row, logistics: events };
}

/**
 * The batch a product may be sold from: approved, with a passing latest inspection. The "no sale
 * without passing inspection" rule lives here.
 */
export async function requireSellableBatch(db: DbOrTx, productId: string, batchId?: string): Promise<Batch> {
  const rows = await db.select().from(batches)
    .where(and(eq(batches.productId, productId), eq(batches.status, 'approved'), batchId ? eq(batches.id, batchId) : undefined))
    .orderBy(desc(batches.producedAt)).limit(1);
  const batch = rows[0];
  if (!batch) throw conflict('groupbuy.no_approved_batch');
  const [latest] = await db.select({ result: inspections.result }).from(inspections).where(eq(inspections.batchId, batch.id)).orderBy(desc(inspections.inspectedAt)).limit(1);
  if (latest?.result !== 'pass') throw conflict('groupbuy.no_approved_batch');
  return batch;
}

/** Public traceability view of one batch: source → inspection → transport → pickup. */
export async function traceability(db: Db, code: string) {
  const [row] = await db.select({
    id: batches.id, code: batches.code, producedAt: batches.producedAt, quantity: batches.quantity, sourcePlace: batches.sourcePlace,
    status: batches.status, reviewedAt: batches.reviewedAt, productId: products.id, productName: products.name, spec: products.spec,
    origin: products.origin, category: products.category, standards: products.standards, shelfLifeDays: products.shelfLifeDays, storage: products.storage,
    imageUrls: products.imageUrls, supplierName: suppliers.companyName, supplierRegion: suppliers.region,
  }).from(batches).innerJoin(products, eq(products.id, batches.productId)).leftJoin(suppliers, eq(suppliers.id, batches.supplierId))
    .where(eq(batches.code, code));
  // Only batches cleared for sale are public.
  if (!row || row.status !== 'approved') throw notFound('batch.not_found');
  const insp = await db.select().from(inspections).where(eq(inspections.batchId, row.id)).orderBy(asc(inspections.inspectedAt));
  const events = await db.select({
    kind: logisticsEvents.kind, occurredAt: logisticsEvents.occurredAt, place: logisticsEvents.place, temperatureC: logisticsEvents.temperatureC,
    note: logisticsEvents.note, communityName: sql<string | null>`(select c.name from communities c where c.id = logistics_events.community_id)`,
  }).from(logisticsEvents).where(eq(logisticsEvents.batchId, row.id)).orderBy(asc(logisticsEvents.occurredAt));
  const vouchers = await endorsementsOfProduct(db, row.productId);
  const values = await valuesOf(db, insp.map((i) => i.id));
  return {
    ...row,
    endorsements: vouchers.map((e) => ({ leaderName: e.leaderName, leaderTitle: e.leaderTitle, rating: e.rating, story: e.story, photoUrls: e.photoUrls, createdAt: e.createdAt, communityName: e.communityName })),
    inspections: insp.map((i) => ({ lab: i.lab, inspectedAt: i.inspectedAt, result: i.result, summary: i.summary, reportUrl: fileUrl(i.reportFileId), values: values(i.id) })),
    logistics: events,
  };
}
