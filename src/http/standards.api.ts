import { z } from 'zod';
import { instant } from './api-schemas.js';
import { analyteKeys, certificateTypeKeys, proofMethods, unprovedReasons } from '../modules/quality/index.js';

/** Response shapes of the standards routes (quality module). */

const name = { nameZh: z.string(), nameEn: z.string() };

/** A criterion of a standard as stored: how it is proved. */
export const criterion = z.object({
  ...name,
  method: z.enum(proofMethods),
  analyte: z.enum(analyteKeys).optional(),
  rule: z.enum(['not_detected', 'at_most']).optional(),
  limit: z.number().optional(),
  unit: z.string().optional(),
  certificateType: z.enum(certificateTypeKeys).optional(),
}).meta({ id: 'StandardCriterion' });

export const standard = z.object({
  id: z.uuid(), ...name, descriptionZh: z.string(), descriptionEn: z.string(), criteria: z.array(criterion),
  version: z.number().int(), active: z.boolean(), createdAt: instant, updatedAt: instant,
}).meta({ id: 'Standard' });

const reportProof = z.object({
  lab: z.string(), inspectedAt: z.string(), reportUrl: z.string(), analyte: z.string(), analyteZh: z.string(), analyteEn: z.string(),
  notDetected: z.boolean().nullable(), value: z.number().nullable(), unit: z.string().nullable(),
  rule: z.enum(['not_detected', 'at_most']), limit: z.number().nullable(), limitUnit: z.string().nullable(),
});
const certificateProof = z.object({ type: z.string(), typeZh: z.string(), typeEn: z.string(), issuer: z.string(), number: z.string(), validFrom: z.string(), validUntil: z.string(), documentUrl: z.string() });
const traceProof = z.object({ batchCode: z.string(), traceUrl: z.string(), steps: z.array(z.object({ step: z.string(), at: z.string().nullable(), place: z.string().nullable() })), missing: z.array(z.string()) });

/** The public proof of a standard: per criterion the report value, the certificate or the trace. */
export const proof = z.object({
  batchCode: z.string().nullable(),
  traceUrl: z.string().nullable(),
  criteria: z.array(z.object({ ...name, method: z.enum(proofMethods), proved: z.boolean(), report: reportProof.nullable(), certificate: certificateProof.nullable(), trace: traceProof.nullable() })),
}).meta({ id: 'StandardProof' });

/** A standard a product proves now (public). */
export const provenStandard = proof.extend({
  standardId: z.uuid(), ...name, descriptionZh: z.string(), descriptionEn: z.string(), version: z.number().int(), acceptedAt: instant,
}).meta({ id: 'ProvenStandard' });

export const provenByProduct = z.object({ productId: z.uuid(), standards: z.array(provenStandard) }).meta({ id: 'ProvenStandards' });

export const queueItem = z.object({
  productId: z.uuid(), productName: z.string(), supplierName: z.string().nullable(), standardId: z.uuid(), standardNameZh: z.string(), standardNameEn: z.string(),
  standardVersion: z.number().int(), batchId: z.uuid(), batchCode: z.string(), everAccepted: z.boolean(), proof,
}).meta({ id: 'StandardReviewQueueItem' });

export const review = z.object({
  id: z.uuid(), standardId: z.uuid(), standardVersion: z.number().int(), productId: z.uuid(), batchId: z.uuid(),
  decision: z.enum(['accepted', 'rejected']), reason: z.string(), reviewedAt: instant,
}).meta({ id: 'StandardReview' });

export const certificate = z.object({
  id: z.uuid(), productId: z.uuid(), type: z.enum(certificateTypeKeys), issuer: z.string(), number: z.string(), validFrom: z.string(), validUntil: z.string(),
  documentUrl: z.string(), createdAt: instant,
}).meta({ id: 'Certificate' });

/** A supplier's products against each active standard: status, why not, and the decisions so far. */
export const supplierProductStandards = z.object({
  productId: z.uuid(), productName: z.string(),
  standards: z.array(z.object({
    standardId: z.uuid(), ...name, status: z.enum(['proven', 'awaiting_review', 'rejected', 'not_proved']), lost: z.boolean(), rejectReason: z.string().nullable(),
    batchCode: z.string().nullable(),
    criteria: z.array(z.object({ ...name, method: z.enum(proofMethods), proved: z.boolean(), reason: z.enum(unprovedReasons).nullable() })),
  })),
  history: z.array(z.object({
    id: z.uuid(), standardId: z.uuid(), standardNameZh: z.string(), standardNameEn: z.string(), standardVersion: z.number().int(), batchCode: z.string(),
    decision: z.enum(['accepted', 'rejected']), reason: z.string(), reviewedAt: instant,
  })),
}).meta({ id: 'SupplierProductStandards' });

export const vocabulary = z.object({
  analytes: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string(), unit: z.string() })),
  certificateTypes: z.array(z.object({ key: z.string(), zh: z.string(), en: z.string() })),
  traceSteps: z.array(z.string()),
}).meta({ id: 'StandardsVocabulary' });
