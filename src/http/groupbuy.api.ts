import { z } from 'zod';
import { instant } from './api-schemas.js';
import { productCategories } from '../modules/catalog/index.js';
import { endorsement } from './leaders.api.js';
import { groupBuyStatuses } from '../modules/groupbuy/index.js';
import { ruleActions } from '../modules/aftersales/index.js';

/** Response shapes of the group-buy routes. */

/** Status as residents experience it: a scheduled buy whose opening time passed is open, a passed cut-off is closed. */
export const groupBuyStatus = z.enum(groupBuyStatuses).meta({ id: 'GroupBuyStatus' });

/** One item of a group buy: its product, price, stock, limit, batch and the leader's standing trial. */
export const groupBuyItem = z.object({
  id: z.uuid(),
  groupBuyId: z.uuid(),
  position: z.number().int(),
  productId: z.uuid(),
  batchId: z.uuid().nullable(),
  batchCode: z.string().nullable(),
  priceFen: z.number().int(),
  stockTotal: z.number().int(),
  stockAvailable: z.number().int(),
  perPersonLimit: z.number().int(),
  /** Units paid and not refunded. */
  soldQuantity: z.number().int(),
  arrivedAt: instant.nullable(),
  product: z.object({
    name: z.string(),
    spec: z.string(),
    unit: z.string(),
    origin: z.string(),
    description: z.string(),
    imageUrls: z.array(z.string()),
    listPriceFen: z.number().int(),
    category: z.enum(productCategories),
    standards: z.array(z.string()),
  }),
  endorsement: endorsement.nullable(),
}).meta({ id: 'GroupBuyItem' });

const groupBuyFields = {
  id: z.uuid(),
  communityId: z.uuid(),
  leaderId: z.uuid(),
  title: z.string(),
  note: z.string(),
  priorityMinutes: z.number().int(),
  opensAt: instant,
  cutoffAt: instant,
  pickupStartAt: instant,
  pickupEndAt: instant,
  status: groupBuyStatus,
  closedAt: instant.nullable(),
  arrivedAt: instant.nullable(),
  createdAt: instant,
  /** Units paid and not refunded, over all items. */
  soldQuantity: z.number().int(),
  /** Paid orders. */
  buyerCount: z.number().int(),
};

/** A group buy (团) with its items. */
export const groupBuy = z.object({ ...groupBuyFields, items: z.array(groupBuyItem) }).meta({ id: 'GroupBuy' });

/**
 * A guarantee rule that could decide a claim on this product, as residents read it: what must still
 * hold (generated from the rule, with the product's own facts settled) and what then happens.
 */
export const productGuarantee = z.object({
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  action: z.enum(ruleActions),
  conditions: z.array(z.string()),
  /** The catch-all rule (团长兜底): it applies when no rule before it does. */
  always: z.boolean(),
}).meta({ id: 'ProductGuarantee' });

/**
 * GET /api/group-buys/:id: each item also says how many units she holds (pending or paid) and the
 * guarantees that would decide a claim on it, in the order they are checked.
 */
/** A bundle offer of a group buy: price, what the parts cost separately, how many the stock allows. */
export const bundleOffer = z.object({
  offerId: z.uuid(), groupBuyId: z.uuid(), communityId: z.uuid(), campaignBundleId: z.uuid(), campaignId: z.uuid(),
  nameZh: z.string(), nameEn: z.string(), scenarioZh: z.string(), scenarioEn: z.string(),
  priceFen: z.number().int(), separateFen: z.number().int(), savingFen: z.number().int(), available: z.number().int(),
  parts: z.array(z.object({ itemId: z.uuid(), productId: z.uuid(), units: z.number().int(), unitShareFen: z.number().int(), itemPriceFen: z.number().int(), stockAvailable: z.number().int(), perPersonLimit: z.number().int(), name: z.string(), spec: z.string(), unit: z.string(), imageUrls: z.array(z.string()) })),
}).meta({ id: 'BundleOffer' });

export const groupBuyDetail = z.object({
  ...groupBuyFields,
  items: z.array(groupBuyItem.extend({ myQuantity: z.number().int(), guarantees: z.array(productGuarantee) })),
  /** Scenario bundles the leader sells in this group buy (docs/bundles.md). */
  bundles: z.array(bundleOffer),
}).meta({ id: 'GroupBuyDetail' });

export const groupBuyPage = z.object({ items: z.array(groupBuy), hasMore: z.boolean() }).meta({ id: 'GroupBuyPage' });

/** 接龙: one paid order by its 跟团号, the name masked, current quantities. */
export const rollEntry = z.object({
  number: z.number().int(),
  name: z.string(),
  items: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
}).meta({ id: 'RollEntry' });
