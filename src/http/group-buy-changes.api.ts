import { z } from 'zod';
import { instant } from './api-schemas.js';
import { groupBuyChangeKinds } from '../modules/groupbuy/index.js';

/** Response shapes of drafts and of changes to live group buys. */

export const draftItem = z.object({
  productId: z.uuid(),
  batchId: z.uuid().nullable().optional(),
  priceFen: z.number().int(),
  stockTotal: z.number().int(),
  perPersonLimit: z.number().int(),
}).meta({ id: 'GroupBuyDraftItem' });

export const draftContent = z.object({
  title: z.string(),
  note: z.string(),
  priorityMinutes: z.number().int(),
  cutoffAt: z.string(),
  pickupStartAt: z.string(),
  pickupEndAt: z.string(),
  items: z.array(draftItem),
}).meta({ id: 'GroupBuyDraftContent' });

/** A group buy being prepared: only its community's leaders see it. */
export const draft = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  leaderId: z.uuid(),
  sourceGroupBuyId: z.uuid().nullable(),
  openedGroupBuyId: z.uuid().nullable(),
  content: draftContent,
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'GroupBuyDraft' });

/** One change to a live group buy: who, when, what (before and after). */
export const groupBuyChange = z.object({
  id: z.uuid(),
  kind: z.enum(groupBuyChangeKinds),
  itemId: z.uuid().nullable(),
  productName: z.string().nullable(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  public: z.boolean(),
  /** Buyers told of it. */
  notifiedCount: z.number().int(),
  /** Money sent back to earlier buyers (a price drop), in fen. */
  refundedFen: z.number().int(),
  actorName: z.string(),
  createdAt: instant,
}).meta({ id: 'GroupBuyChange' });

/** What lowering a price would refund, shown before the leader confirms. */
export const priceDropPreview = z.object({
  buyers: z.number().int(),
  refundFen: z.number().int(),
  /** Unpaid orders at the old price: refunded the difference when they pay. */
  pendingBuyers: z.number().int(),
}).meta({ id: 'PriceDropPreview' });
