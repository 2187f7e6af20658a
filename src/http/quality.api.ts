import { z } from 'zod';
import { instant } from './api-schemas.js';
import { productCategories } from '../modules/catalog/index.js';
import { logisticsKinds } from '../modules/quality/index.js';

/** Response shapes of the quality routes. */

const batchStatus = z.enum(['pending', 'approved', 'rejected']);

/** A batch as registered and reviewed. */
export const batch = z.object({
  id: z.uuid(),
  code: z.string(),
  productId: z.uuid(),
  supplierId: z.uuid(),
  producedAt: instant,
  quantity: z.number().int(),
  sourcePlace: z.string(),
  status: batchStatus,
  reviewedBy: z.uuid().nullable(),
  reviewedAt: instant.nullable(),
  reviewNote: z.string(),
  createdAt: instant,
}).meta({ id: 'Batch' });

/** One result on a report: an analyte not detected, or measured in the analyte's unit. */
export const inspectionValue = z.object({ analyte: z.string(), notDetected: z.boolean(), value: z.number().nullable(), unit: z.string() }).meta({ id: 'InspectionValue' });

/** A lab's inspection of a batch; the report is public at `reportUrl`. */
export const inspection = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  lab: z.string(),
  inspectedAt: instant,
  result: z.enum(['pass', 'fail']),
  summary: z.string(),
  reportFileId: z.uuid(),
  createdAt: instant,
  values: z.array(inspectionValue),
}).meta({ id: 'Inspection' });

export const logisticsEvent = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  kind: z.enum(logisticsKinds),
  occurredAt: instant,
  place: z.string(),
  temperatureC: z.number().nullable(),
  communityId: z.uuid().nullable(),
  note: z.string(),
  recordedBy: z.uuid(),
  createdAt: instant,
}).meta({ id: 'LogisticsEvent' });

/** A batch in the supplier's and operators' lists, with its product, supplier and inspections. */
export const batchSummary = z.object({
  id: z.uuid(),
  code: z.string(),
  productId: z.uuid(),
  supplierId: z.uuid(),
  producedAt: instant,
  quantity: z.number().int(),
  sourcePlace: z.string(),
  status: batchStatus,
  reviewNote: z.string(),
  reviewedAt: instant.nullable(),
  createdAt: instant,
  productName: z.string(),
  supplierName: z.string().nullable(),
  inspections: z.array(inspection.extend({ reportUrl: z.string() })),
}).meta({ id: 'BatchSummary' });

export const batchDetail = batchSummary.extend({ logistics: z.array(logisticsEvent) }).meta({ id: 'BatchDetail' });

/** The public traceability page of an approved batch: source → inspection → transport → pickup. */
export const traceability = z.object({
  id: z.uuid(),
  code: z.string(),
  producedAt: instant,
  quantity: z.number().int(),
  sourcePlace: z.string(),
  status: batchStatus,
  reviewedAt: instant.nullable(),
  productId: z.uuid(),
  productName: z.string(),
  spec: z.string(),
  origin: z.string(),
  category: z.enum(productCategories),
  /** The supplier's own words about standards: a description, not a proof (proven standards: /api/standards/proven). */
  standards: z.array(z.string()),
  shelfLifeDays: z.number().int().nullable(),
  storage: z.string(),
  imageUrls: z.array(z.string()),
  supplierName: z.string().nullable(),
  supplierRegion: z.string().nullable(),
  endorsements: z.array(z.object({
    leaderName: z.string(),
    leaderTitle: z.string().nullable(),
    rating: z.number().int(),
    story: z.string(),
    photoUrls: z.array(z.string()),
    createdAt: instant,
    communityName: z.string(),
  })),
  inspections: z.array(z.object({ lab: z.string(), inspectedAt: instant, result: z.enum(['pass', 'fail']), summary: z.string(), reportUrl: z.string(), values: z.array(inspectionValue) })),
  logistics: z.array(z.object({
    kind: z.enum(logisticsKinds),
    occurredAt: instant,
    place: z.string(),
    temperatureC: z.number().nullable(),
    note: z.string(),
    communityName: z.string().nullable(),
  })),
}).meta({ id: 'Traceability' });
