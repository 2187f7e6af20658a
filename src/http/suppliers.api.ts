import { z } from 'zod';
import { instant } from './api-schemas.js';
import { documentKinds, supplierStatuses } from '../modules/suppliers/index.js';

/** Response shapes of the supplier routes. */

/** A supplier she works for (GET /api/me). */
export const mySupplier = z.object({ id: z.uuid(), companyName: z.string(), status: z.enum(supplierStatuses) }).meta({ id: 'MySupplier' });

const decision = z.enum(['submit', 'approve', 'reject', 'request_info', 'suspend', 'reinstate']);

/** The facts of an application, as the supplier wrote them. */
const supplierFacts = {
  id: z.uuid(),
  companyName: z.string(),
  creditCode: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  address: z.string(),
  region: z.string(),
  description: z.string(),
  status: z.enum(supplierStatuses),
  createdBy: z.uuid(),
  createdAt: instant,
  submittedAt: instant.nullable(),
};

/** A qualification document: readable by the supplier's members and operators at `url`. */
export const supplierDocument = z.object({
  id: z.uuid(),
  kind: z.enum(documentKinds),
  title: z.string(),
  fileId: z.uuid(),
  url: z.string(),
  createdAt: instant,
  originalName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
}).meta({ id: 'SupplierDocument' });

/** One supplier with its documents and decisions; the supplier sees "the platform" where operators see a name. */
export const supplierDetail = z.object({
  ...supplierFacts,
  editable: z.boolean(),
  productStats: z.object({ total: z.number().int(), active: z.number().int() }),
  documents: z.array(supplierDocument),
  reviews: z.array(z.object({
    id: z.uuid(),
    decision,
    reason: z.string(),
    fromStatus: z.enum(supplierStatuses),
    toStatus: z.enum(supplierStatuses),
    createdAt: instant,
    actorName: z.string().nullable(),
    byOperator: z.boolean(),
  })),
}).meta({ id: 'SupplierDetail' });

/** After an operator's decision: the supplier, and how many products a suspension took off sale. */
export const supplierDecided = supplierDetail.extend({ productsDeactivated: z.number().int() }).meta({ id: 'SupplierDecided' });

/** The operators' admission queue, with the count of suppliers in each status. */
export const supplierQueue = z.object({
  items: z.array(z.object({
    ...supplierFacts,
    documents: z.array(z.object({ id: z.uuid(), kind: z.enum(documentKinds), title: z.string(), fileId: z.uuid(), url: z.string() })),
    lastReview: z.object({ supplierId: z.uuid(), decision, reason: z.string(), createdAt: instant }).nullable(),
  })),
  counts: z.record(z.enum(supplierStatuses), z.number().int()),
}).meta({ id: 'SupplierQueue' });
