import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { getProduct, products } from '../catalog/index.js';
import { fileUrl, recordUpload, stageUpload } from '../files/index.js';
import { isSupplierMember, suppliers } from '../suppliers/index.js';
import { batches, certificates, inspections, inspectionValues, logisticsEvents, standardReviews, standards } from './schema.js';
import {
  analytes, certificateTypes, isAnalyte, isCertificateType, proofMethods, traceSteps,
  type CertificateType, type Criterion, type CriterionProof, type ProofSnapshot, type UnprovedReason,
} from './standards.vocabulary.js';

type Actor = { id: string; isOperator: boolean };
export type Standard = typeof standards.$inferSelect;

/** The calendar day in China (UTC+8) of an instant: certificates are valid by day. */
export const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

// ---------------------------------------------------------------- defining standards

/** A criterion as sent by the console, before checking. */
export interface CriterionInput {
  nameZh?: string; nameEn?: string; method?: string; analyte?: string; rule?: string; limit?: number | null; unit?: string; certificateType?: string;
}
export interface StandardInput { nameZh: string; nameEn: string; descriptionZh?: string; descriptionEn?: string; criteria: CriterionInput[] }

/** Checks criteria one by one; the first fault is answered with its position (1-based). */
export function validateCriteria(input: CriterionInput[]): Criterion[] {
  if (!input.length) throw badRequest('standard.no_criteria');
  if (input.length > 20) throw badRequest('standard.too_many_criteria');
  return input.map((c, i) => {
    const n = i + 1;
    const nameZh = c.nameZh?.trim() ?? '';
    const nameEn = c.nameEn?.trim() ?? '';
    if (!nameZh || !nameEn) throw badRequest('standard.criterion_name_required', { n });
    if (!c.method || !(proofMethods as readonly string[]).includes(c.method)) throw badRequest('standard.criterion_method_required', { n });
    if (c.method === 'certificate') {
      if (!c.certificateType || !isCertificateType(c.certificateType)) throw badRequest('standard.unknown_certificate_type', { n, type: c.certificateType ?? '' });
      return { nameZh, nameEn, method: 'certificate', certificateType: c.certificateType };
    }
    if (c.method === 'trace') return { nameZh, nameEn, method: 'trace' };
    if (!c.analyte || !isAnalyte(c.analyte)) throw badRequest('standard.unknown_analyte', { n, analyte: c.analyte ?? '' });
    if (c.rule === 'not_detected') return { nameZh, nameEn, method: 'report_value', analyte: c.analyte, rule: 'not_detected' };
    if (c.rule !== 'at_most') throw badRequest('standard.criterion_rule_required', { n });
    if (typeof c.limit !== 'number' || !Number.isFinite(c.limit) || c.limit < 0) throw badRequest('standard.limit_required', { n });
    const unit = analytes[c.analyte].unit;
    if ((c.unit ?? unit) !== unit) throw badRequest('standard.unit_mismatch', { n, unit });
    return { nameZh, nameEn, method: 'report_value', analyte: c.analyte, rule: 'at_most', limit: c.limit, unit };
  });
}

function cleanStandard(input: StandardInput) {
  const nameZh = input.nameZh.trim();
  const nameEn = input.nameEn.trim();
  if (!nameZh || !nameEn) throw badRequest('standard.name_required');
  return { nameZh, nameEn, descriptionZh: input.descriptionZh?.trim() ?? '', descriptionEn: input.descriptionEn?.trim() ?? '', criteria: validateCriteria(input.criteria) };
}

/** An operator defines a standard. Nothing is written when any criterion is faulty. */
export async function createStandard(db: Db, operatorId: string, input: StandardInput, now = new Date()): Promise<Standard> {
  const clean = cleanStandard(input);
  const [same] = await db.select({ id: standards.id }).from(standards).where(eq(standards.nameZh, clean.nameZh));
  if (same) throw conflict('standard.name_taken');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.insert(standards).values({ ...clean, createdBy: operatorId, createdAt: now, updatedAt: now }).returning();
    await recordEvent(tx, { type: 'standard.defined', communityId: null, actorId: operatorId, subjectId: row.id, payload: { version: row.version, nameZh: row.nameZh } });
    return row;
  });
}

/**
 * Changes a standard. A change to its criteria raises the version: the badges proved under the old
 * criteria drop until their evidence is reviewed again against the new ones.
 */
export async function updateStandard(db: Db, operatorId: string, id: string, input: StandardInput & { active?: boolean }, now = new Date()): Promise<Standard> {
  const clean = cleanStandard(input);
  const current = await getStandard(db, id);
  const [same] = await db.select({ id: standards.id }).from(standards).where(eq(standards.nameZh, clean.nameZh));
  if (same && same.id !== id) throw conflict('standard.name_taken');
  const criteriaChanged = JSON.stringify(current.criteria) !== JSON.stringify(clean.criteria);
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(standards).set({ ...clean, active: input.active ?? current.active, version: current.version + (criteriaChanged ? 1 : 0), updatedAt: now })
      .where(and(eq(standards.id, id), eq(standards.version, current.version))).returning();
    if (!row) throw conflict('standard.changed_meanwhile');
    await recordEvent(tx, { type: 'standard.defined', communityId: null, actorId: operatorId, subjectId: row.id, payload: { version: row.version, nameZh: row.nameZh } });
    return row;
  });
}

export async function getStandard(db: DbOrTx, id: string): Promise<Standard> {
  const [row] = await db.select().from(standards).where(eq(standards.id, id));
  if (!row) throw notFound('standard.not_found');
  return row;
}

export async function listStandards(db: DbOrTx, opts: { activeOnly?: boolean } = {}): Promise<Standard[]> {
  return db.select().from(standards).where(opts.activeOnly ? eq(standards.active, true) : undefined).orderBy(asc(standards.createdAt));
}

// ---------------------------------------------------------------- evidence: values and certificates

export interface ValueInput { analyte: string; notDetected: boolean; value?: number | null; unit?: string }

/** Checks the structured values of a report (before anything is stored). */
export function validateValues(values: ValueInput[]) {
  const seen = new Set<string>();
  return values.map((v, i) => {
    const n = i + 1;
    if (!isAnalyte(v.analyte)) throw badRequest('inspection.unknown_analyte', { n, analyte: String(v.analyte) });
    if (seen.has(v.analyte)) throw badRequest('inspection.duplicate_analyte', { n });
    seen.add(v.analyte);
    const unit = analytes[v.analyte].unit;
    if ((v.unit ?? unit) !== unit) throw badRequest('inspection.unit_mismatch', { n, unit });
    if (v.notDetected) {
      if (v.value !== undefined && v.value !== null) throw badRequest('inspection.value_with_not_detected', { n });
      return { analyte: v.analyte, notDetected: true, value: null, unit };
    }
    if (typeof v.value !== 'number' || !Number.isFinite(v.value) || v.value < 0) throw badRequest('inspection.value_required', { n });
    return { analyte: v.analyte, notDetected: false, value: v.value, unit };
  });
}

/** Stores checked values of one inspection (inside the inspection's own transaction). */
export async function insertInspectionValues(tx: DbOrTx, inspectionId: string, values: ReturnType<typeof validateValues>) {
  if (!values.length) return [];
  return tx.insert(inspectionValues).values(values.map((v) => ({ ...v, inspectionId }))).returning();
}

export interface CertificateInput {
  type: string; issuer: string; number: string; validFrom: string; validUntil: string;
  document: { filename: string; bytes: Buffer };
}

/** A supplier (or an operator) adds a certificate to a product; the document is public. */
export async function addCertificate(db: Db, storage: FileStorage, actor: Actor, productId: string, input: CertificateInput, now = new Date()) {
  const product = await getProduct(db, productId);
  if (!actor.isOperator && (!product.supplierId || !(await isSupplierMember(db, product.supplierId, actor.id)))) throw notFound('product.not_found');
  if (!product.supplierId) throw badRequest('batch.product_without_supplier');
  if (!isCertificateType(input.type)) throw badRequest('certificate.unknown_type', { type: input.type });
  const issuer = input.issuer.trim();
  const number = input.number.trim();
  if (!issuer) throw badRequest('certificate.issuer_required');
  if (!number) throw badRequest('certificate.number_required');
  if (!isDay(input.validFrom) || !isDay(input.validUntil)) throw badRequest('certificate.date_invalid');
  if (input.validUntil < input.validFrom) throw badRequest('certificate.end_before_start');
  const staged = await stageUpload(storage, input.document.bytes, 'documents', now);
  return inTransaction(db, async (tx) => {
    const file = await recordUpload(tx, staged, { ownerId: actor.id, scope: `product:${productId}`, originalName: input.document.filename, visibility: 'public' });
    const [row] = await tx.insert(certificates).values({
      productId, supplierId: product.supplierId!, type: input.type as CertificateType, issuer, number, validFrom: input.validFrom, validUntil: input.validUntil, fileId: file.id, uploadedBy: actor.id, createdAt: now,
    }).returning();
    await recordEvent(tx, { type: 'certificate.added', communityId: null, actorId: actor.id, subjectId: productId, payload: { certificateId: row.id, type: row.type, validUntil: row.validUntil } });
    return { ...row, documentUrl: fileUrl(row.fileId) };
  });
}

export async function listCertificates(db: Db, actor: Actor, productId: string) {
  const product = await getProduct(db, productId);
  if (!actor.isOperator && (!product.supplierId || !(await isSupplierMember(db, product.supplierId, actor.id)))) throw notFound('product.not_found');
  const rows = await db.select().from(certificates).where(eq(certificates.productId, productId)).orderBy(desc(certificates.createdAt));
  return rows.map((c) => ({ ...c, documentUrl: fileUrl(c.fileId) }));
}

// ---------------------------------------------------------------- evaluation

/** What the evaluation knows of one product, gathered once for all standards. */
interface ProductEvidence {
  batch: { id: string; code: string; producedAt: Date; sourcePlace: string } | null;
  inspection: { id: string; lab: string; inspectedAt: Date; result: 'pass' | 'fail'; reportFileId: string } | null;
  values: Map<string, { notDetected: boolean; value: number | null; unit: string }>;
  certificates: (typeof certificates.$inferSelect)[];
  events: { kind: string; occurredAt: Date; place: string }[];
}

/**
 * The product's current batch: the latest approved batch by production time — the one a new group
 * buy is opened with (requireSellableBatch picks the same).
 */
async function gatherEvidence(db: DbOrTx, productIds: string[]): Promise<Map<string, ProductEvidence>> {
  const out = new Map<string, ProductEvidence>();
  if (!productIds.length) return out;
  const approved = await db.select({ id: batches.id, code: batches.code, productId: batches.productId, producedAt: batches.producedAt, sourcePlace: batches.sourcePlace })
    .from(batches).where(and(inArray(batches.productId, productIds), eq(batches.status, 'approved'))).orderBy(desc(batches.producedAt), desc(batches.createdAt));
  const current = new Map<string, (typeof approved)[number]>();
  for (const b of approved) if (!current.has(b.productId)) current.set(b.productId, b);
  const batchIds = [...current.values()].map((b) => b.id);
  const insp = batchIds.length ? await db.select().from(inspections).where(inArray(inspections.batchId, batchIds)).orderBy(desc(inspections.inspectedAt), desc(inspections.createdAt)) : [];
  const latestInsp = new Map<string, (typeof insp)[number]>();
  for (const i of insp) if (!latestInsp.has(i.batchId)) latestInsp.set(i.batchId, i);
  const inspIds = [...latestInsp.values()].map((i) => i.id);
  const vals = inspIds.length ? await db.select().from(inspectionValues).where(inArray(inspectionValues.inspectionId, inspIds)) : [];
  const certs = await db.select().from(certificates).where(inArray(certificates.productId, productIds)).orderBy(desc(certificates.validUntil), desc(certificates.createdAt));
  const events = batchIds.length ? await db.select({ batchId: logisticsEvents.batchId, kind: logisticsEvents.kind, occurredAt: logisticsEvents.occurredAt, place: logisticsEvents.place })
    .from(logisticsEvents).where(inArray(logisticsEvents.batchId, batchIds)).orderBy(asc(logisticsEvents.occurredAt)) : [];
  for (const productId of productIds) {
    const b = current.get(productId) ?? null;
    const i = b ? latestInsp.get(b.id) ?? null : null;
    out.set(productId, {
      batch: b && { id: b.id, code: b.code, producedAt: b.producedAt, sourcePlace: b.sourcePlace },
      inspection: i && { id: i.id, lab: i.lab, inspectedAt: i.inspectedAt, result: i.result, reportFileId: i.reportFileId },
      values: new Map(vals.filter((v) => i && v.inspectionId === i.id).map((v) => [v.analyte, { notDetected: v.notDetected, value: v.value, unit: v.unit }])),
      certificates: certs.filter((c) => c.productId === productId),
      events: b ? events.filter((e) => e.batchId === b.id) : [],
    });
  }
  return out;
}

/** The evidence one product's current batch gives for one standard, criterion by criterion. */
export function evaluateStandard(standard: Pick<Standard, 'criteria'>, ev: ProductEvidence, now: Date): ProofSnapshot & { evidenceKey: string } {
  const today = chinaDay(now);
  const keys: string[] = [];
  const criteria = standard.criteria.map((c, index): CriterionProof => {
    const base = { index, nameZh: c.nameZh, nameEn: c.nameEn, method: c.method, report: null, certificate: null, trace: null };
    const fail = (reason: UnprovedReason, extra: Partial<CriterionProof> = {}): CriterionProof => ({ ...base, ...extra, proved: false, reason });
    if (!ev.batch) return fail('no_current_batch');
    if (c.method === 'report_value') {
      if (!ev.inspection) return fail('no_inspection');
      const v = ev.values.get(c.analyte);
      const a = analytes[c.analyte];
      const report = {
        lab: ev.inspection.lab, inspectedAt: ev.inspection.inspectedAt.toISOString(), reportUrl: fileUrl(ev.inspection.reportFileId),
        analyte: c.analyte, analyteZh: a.zh, analyteEn: a.en, notDetected: v ? v.notDetected : null, value: v?.value ?? null, unit: v?.unit ?? null,
        rule: c.rule, limit: c.rule === 'at_most' ? c.limit : null, limitUnit: c.rule === 'at_most' ? c.unit : null,
      };
      keys.push(`i:${ev.inspection.id}`);
      if (ev.inspection.result !== 'pass') return fail('inspection_failed', { report });
      if (!v) return fail('value_missing', { report });
      if (c.rule === 'not_detected') return v.notDetected ? { ...base, report, proved: true, reason: null } : fail('detected', { report });
      if (v.unit !== c.unit) return fail('unit_mismatch', { report });
      return v.notDetected || (v.value !== null && v.value <= c.limit) ? { ...base, report, proved: true, reason: null } : fail('over_limit', { report });
    }
    if (c.method === 'certificate') {
      const ofType = ev.certificates.filter((x) => x.type === c.certificateType);
      const valid = ofType.find((x) => x.validFrom <= today && today <= x.validUntil);
      const shown = valid ?? ofType[0];
      const t = certificateTypes[c.certificateType];
      const certificate = shown ? { type: shown.type, typeZh: t.zh, typeEn: t.en, issuer: shown.issuer, number: shown.number, validFrom: shown.validFrom, validUntil: shown.validUntil, documentUrl: fileUrl(shown.fileId) } : null;
      if (!shown) return fail('no_certificate');
      keys.push(`c:${shown.id}`);
      if (!valid) return fail(shown.validUntil < today ? 'certificate_expired' : 'certificate_not_yet_valid', { certificate });
      return { ...base, certificate, proved: true, reason: null };
    }
    // trace: the batch record is the source step; then each logistics step, in time order.
    const steps: { step: string; at: string | null; place: string | null }[] = [{ step: 'source', at: ev.batch.producedAt.toISOString(), place: ev.batch.sourcePlace }];
    const missing: string[] = [];
    let outOfOrder = false;
    let previous = ev.batch.producedAt.getTime();
    for (const kind of traceSteps) {
      const first = ev.events.find((e) => e.kind === kind);
      steps.push({ step: kind, at: first ? first.occurredAt.toISOString() : null, place: first ? first.place : null });
      if (!first) { missing.push(kind); continue; }
      if (first.occurredAt.getTime() < previous) outOfOrder = true;
      previous = first.occurredAt.getTime();
    }
    keys.push(`t:${ev.batch.id}`);
    const trace = { batchCode: ev.batch.code, traceUrl: `/t/${ev.batch.code}`, steps, missing };
    if (missing.length) return fail('trace_step_missing', { trace });
    if (outOfOrder) return fail('trace_out_of_order', { trace });
    return { ...base, trace, proved: true, reason: null };
  });
  return { batchId: ev.batch?.id ?? null, batchCode: ev.batch?.code ?? null, allProved: criteria.every((c) => c.proved), criteria, evidenceKey: keys.join('|') };
}

export type StandardStatus = 'proven' | 'awaiting_review' | 'rejected' | 'not_proved';

/** Where each product stands on each active standard now, with the evidence and the last decision. */
export async function standardStatuses(db: DbOrTx, productIds: string[], now = new Date()) {
  const list = await listStandards(db, { activeOnly: true });
  const evidence = await gatherEvidence(db, productIds);
  const reviews = productIds.length && list.length ? await db.select().from(standardReviews)
    .where(inArray(standardReviews.productId, productIds)).orderBy(desc(standardReviews.reviewedAt)) : [];
  const out: {
    productId: string; standard: Standard; status: StandardStatus; proof: ProofSnapshot & { evidenceKey: string };
    decision: (typeof standardReviews.$inferSelect) | null; everAccepted: boolean;
  }[] = [];
  for (const productId of productIds) {
    const ev = evidence.get(productId)!;
    for (const standard of list) {
      const proof = evaluateStandard(standard, ev, now);
      const mine = reviews.filter((r) => r.productId === productId && r.standardId === standard.id);
      // Only a decision on exactly this evidence (same batch, same standard version, same report and certificates) counts.
      const decision = mine.find((r) => r.batchId === proof.batchId && r.standardVersion === standard.version && (r.evidence as { evidenceKey?: string }).evidenceKey === proof.evidenceKey) ?? null;
      const status: StandardStatus = !proof.allProved ? 'not_proved' : decision?.decision === 'accepted' ? 'proven' : decision?.decision === 'rejected' ? 'rejected' : 'awaiting_review';
      out.push({ productId, standard, status, proof, decision, everAccepted: mine.some((r) => r.decision === 'accepted') });
    }
  }
  return out;
}

/** The public face of one proof: only what a resident may see. */
function publicProof(p: ProofSnapshot) {
  return {
    batchCode: p.batchCode,
    traceUrl: p.batchCode ? `/t/${p.batchCode}` : null,
    criteria: p.criteria.map((c) => ({
      nameZh: c.nameZh, nameEn: c.nameEn, method: c.method, proved: c.proved,
      report: c.report && { ...c.report },
      certificate: c.certificate && { ...c.certificate },
      trace: c.trace && { batchCode: c.trace.batchCode, traceUrl: c.trace.traceUrl, steps: c.trace.steps.map((s) => ({ ...s })), missing: [...c.trace.missing] },
    })),
  };
}

/**
 * The standards each product proves now, with the proof: its current batch proves every criterion
 * and an operator accepted exactly that evidence. What the campaign enrols products by.
 */
export async function standardsProvenBy(db: DbOrTx, productIds: string[], now = new Date()) {
  const ids = [...new Set(productIds)];
  const statuses = await standardStatuses(db, ids, now);
  return ids.map((productId) => ({
    productId,
    standards: statuses.filter((s) => s.productId === productId && s.status === 'proven').map((s) => ({
      standardId: s.standard.id, nameZh: s.standard.nameZh, nameEn: s.standard.nameEn, descriptionZh: s.standard.descriptionZh, descriptionEn: s.standard.descriptionEn,
      version: s.standard.version, acceptedAt: s.decision!.reviewedAt, batchId: s.proof.batchId!, ...publicProof(s.proof),
    })),
  }));
}

// ---------------------------------------------------------------- review

/** The review queue: products whose current batch proves every criterion of a standard, not yet decided. */
export async function reviewQueue(db: Db, now = new Date()) {
  const productIds = (await db.selectDistinct({ id: batches.productId }).from(batches).where(eq(batches.status, 'approved'))).map((r) => r.id);
  const statuses = (await standardStatuses(db, productIds, now)).filter((s) => s.status === 'awaiting_review');
  return withProductNames(db, statuses.map((s) => ({
    productId: s.productId, standardId: s.standard.id, standardNameZh: s.standard.nameZh, standardNameEn: s.standard.nameEn, standardVersion: s.standard.version,
    batchId: s.proof.batchId!, batchCode: s.proof.batchCode!, everAccepted: s.everAccepted, proof: publicProof(s.proof),
  })));
}

async function withProductNames<T extends { productId: string }>(db: DbOrTx, rows: T[]) {
  const ids = [...new Set(rows.map((r) => r.productId))];
  const names = ids.length ? await db.select({ id: products.id, name: products.name, supplierName: suppliers.companyName }).from(products)
    .leftJoin(suppliers, eq(suppliers.id, products.supplierId)).where(inArray(products.id, ids)) : [];
  return rows.map((r) => {
    const n = names.find((x) => x.id === r.productId);
    return { ...r, productName: n?.name ?? '', supplierName: n?.supplierName ?? null };
  });
}

export interface ReviewInput { standardId: string; productId: string; batchId: string; decision: 'accepted' | 'rejected'; reason?: string }

/**
 * An operator accepts or rejects the evidence of the product's current batch for a standard. Not the
 * product's own supplier (an operator who is a member of it); accepting needs every criterion proved now.
 */
export async function reviewStandard(db: Db, operator: Actor, input: ReviewInput, now = new Date()) {
  if (!operator.isOperator) throw forbidden();
  const standard = await getStandard(db, input.standardId);
  const product = await getProduct(db, input.productId);
  if (product.supplierId && (await isSupplierMember(db, product.supplierId, operator.id))) throw forbidden('standard.own_evidence');
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'rejected' && !reason) throw badRequest('standard.reason_required');
  if (!standard.active) throw conflict('standard.inactive');
  const [status] = (await standardStatuses(db, [product.id], now)).filter((s) => s.standard.id === standard.id);
  if (status.proof.batchId !== input.batchId) throw conflict('standard.batch_not_current');
  if (input.decision === 'accepted' && !status.proof.allProved) throw conflict('standard.evidence_incomplete');
  if (status.status === 'proven' || status.status === 'rejected') throw conflict('standard.already_reviewed');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.insert(standardReviews).values({
      standardId: standard.id, standardVersion: standard.version, productId: product.id, batchId: input.batchId, decision: input.decision, reason,
      evidence: status.proof, reviewedBy: operator.id, reviewedAt: now,
    }).returning();
    await recordEvent(tx, { type: 'standard.reviewed', communityId: null, actorId: operator.id, subjectId: product.id, payload: { standardId: standard.id, batchId: input.batchId, decision: input.decision, version: standard.version } });
    return row;
  });
}

/** Every decision on a product's evidence, newest first: the history of its proofs. */
export async function reviewHistory(db: DbOrTx, productIds: string[]) {
  if (!productIds.length) return [];
  const rows = await db.select({
    id: standardReviews.id, standardId: standardReviews.standardId, standardNameZh: standards.nameZh, standardNameEn: standards.nameEn, standardVersion: standardReviews.standardVersion,
    productId: standardReviews.productId, batchId: standardReviews.batchId, batchCode: batches.code, decision: standardReviews.decision, reason: standardReviews.reason, reviewedAt: standardReviews.reviewedAt,
  }).from(standardReviews).innerJoin(standards, eq(standards.id, standardReviews.standardId)).innerJoin(batches, eq(batches.id, standardReviews.batchId))
    .where(inArray(standardReviews.productId, productIds)).orderBy(desc(standardReviews.reviewedAt));
  return rows;
}

/** A supplier's view: each of its products against each active standard, why not, and the history. */
export async function supplierStandards(db: Db, actor: Actor, supplierId: string, now = new Date()) {
  if (!actor.isOperator && !(await isSupplierMember(db, supplierId, actor.id))) throw notFound('supplier.not_found');
  const own = await db.select({ id: products.id, name: products.name }).from(products).where(eq(products.supplierId, supplierId)).orderBy(asc(products.name));
  const ids = own.map((p) => p.id);
  const statuses = await standardStatuses(db, ids, now);
  const history = await reviewHistory(db, ids);
  return own.map((p) => ({
    productId: p.id, productName: p.name,
    standards: statuses.filter((s) => s.productId === p.id).map((s) => ({
      standardId: s.standard.id, nameZh: s.standard.nameZh, nameEn: s.standard.nameEn, status: s.status,
      lost: s.status !== 'proven' && s.everAccepted, rejectReason: s.status === 'rejected' ? s.decision!.reason : null,
      batchCode: s.proof.batchCode, criteria: s.proof.criteria.map((c) => ({ nameZh: c.nameZh, nameEn: c.nameEn, method: c.method, proved: c.proved, reason: c.reason })),
    })),
    history: history.filter((h) => h.productId === p.id),
  }));
}
