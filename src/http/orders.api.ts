import { z } from 'zod';
import { instant } from './api-schemas.js';
import { productCategories } from '../modules/catalog/index.js';
import { groupBuyStatus } from './groupbuy.api.js';
import { lineStatuses, orderStatuses } from '../modules/orders/index.js';

/** Response shapes of the basket, checkout and order routes. */

export const lineStatus = z.enum(lineStatuses).meta({ id: 'LineStatus' });

/** One line of an order: it follows its own group buy (closed, arrived, handed over) at its own time. */
export const orderLine = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  communityId: z.uuid(),
  userId: z.uuid(),
  groupBuyId: z.uuid(),
  itemId: z.uuid(),
  /** 跟团号, given at payment. */
  groupNumber: z.number().int().nullable(),
  quantity: z.number().int(),
  refundedQuantity: z.number().int(),
  unitPriceFen: z.number().int(),
  totalFen: z.number().int(),
  status: lineStatus,
  paidAt: instant.nullable(),
  pickedUpAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancelReason: z.string().nullable(),
  handoverId: z.uuid().nullable(),
  bundleOfferId: z.uuid().nullable().optional().describe("套餐的一件：同一套餐的各行一起显示"),
  batchId: z.uuid().nullable(),
  groupBuy: z.object({
    title: z.string(),
    status: groupBuyStatus,
    /** The planned cut-off. */
    cutoffAt: instant,
    /** When ordering really stopped (or will): earlier than cutoffAt after the leader closed early. */
    actualCutoffAt: instant,
    closedAt: instant.nullable(),
    pickupStartAt: instant,
    pickupEndAt: instant,
  }),
  product: z.object({
    id: z.uuid(),
    name: z.string(),
    spec: z.string(),
    unit: z.string(),
    imageUrls: z.array(z.string()),
    category: z.enum(productCategories),
  }),
}).meta({ id: 'OrderLine' });

/** What a leader did to one of her lines, with his reason and his name as the community knows him. */
export const lineChange = z.object({
  id: z.uuid(),
  lineId: z.uuid(),
  kind: z.enum(['cancel', 'refund']),
  /** Units cancelled (0 for a refund after the hand-over). */
  quantity: z.number().int(),
  amountFen: z.number().int(),
  reasonCode: z.string(),
  note: z.string(),
  leaderName: z.string(),
  createdAt: instant,
}).meta({ id: 'OrderLineChange' });

/** One checkout = one order = one payment; `progress` sums up its lines. */
export const order = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  userId: z.uuid(),
  /** Her note for the leader (备注). */
  note: z.string(),
  /** What she paid: the lines plus the delivery fee (its own line). */
  totalFen: z.number().int(),
  /** Collected at a pickup point, or delivered to her door (送货上门). */
  fulfilment: z.enum(['pickup', 'delivery']),
  pickupPointId: z.uuid().nullable(),
  /** Where she collects (for a delivery: where the goods leave from). */
  pickupPoint: z.object({ id: z.uuid(), name: z.string(), address: z.string(), hours: z.string() }).nullable(),
  deliveryArea: z.string().nullable(),
  deliveryAddress: z.string().nullable(),
  deliverySlot: z.string().nullable(),
  deliveryFeeFen: z.number().int(),
  status: z.enum(orderStatuses),
  progress: z.enum(['pending_payment', 'cancelled', 'waiting', 'ready', 'partly_collected', 'collected', 'refunded', 'not_collected']),
  refundedFen: z.number().int(),
  paymentDueAt: instant,
  paidAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancelReason: z.string().nullable(),
  createdAt: instant,
  lines: z.array(orderLine),
  /** Cancellations and refunds her leader made, oldest first. */
  changes: z.array(lineChange),
  /** The bundles its part lines belong to (order detail only): name, price, units of each part per bundle. */
  bundles: z.array(z.object({ offerId: z.uuid(), nameZh: z.string(), nameEn: z.string(), priceFen: z.number().int(), parts: z.array(z.object({ itemId: z.uuid(), units: z.number().int() })) })).optional(),
}).meta({ id: 'Order' });

export const orderPage = z.object({ items: z.array(order), hasMore: z.boolean() }).meta({ id: 'OrderPage' });

/** Where she pays: the provider's page for this payment. */
export const paymentStart = z.object({ paymentId: z.uuid(), payUrl: z.string(), amountFen: z.number().int() }).meta({ id: 'PaymentStart' });

/** 201 for a new order, 200 when the same idempotency key is replayed. */
export const checkoutResult = z.object({ order, payment: paymentStart.nullable(), replayed: z.boolean() }).meta({ id: 'CheckoutResult' });

/** One line of her basket, with what is wrong with it now and what she could still take. */
export const basketLine = z.object({
  itemId: z.uuid(),
  groupBuyId: z.uuid(),
  quantity: z.number().int(),
  priceFen: z.number().int(),
  lineTotalFen: z.number().int(),
  title: z.string(),
  cutoffAt: instant,
  pickupStartAt: instant,
  pickupEndAt: instant,
  product: z.object({ name: z.string(), spec: z.string(), unit: z.string(), imageUrls: z.array(z.string()) }),
  stockAvailable: z.number().int(),
  perPersonLimit: z.number().int(),
  /** Units of this item she already holds in orders. */
  heldQuantity: z.number().int(),
  /** What she could still buy of it now. */
  available: z.number().int(),
  problem: z.enum(['closed', 'not_open', 'sold_out', 'short', 'over_limit', 'inactive']).nullable(),
}).meta({ id: 'BasketLine' });

/** A bundle in her basket: one line, its parts listed; sold out when any part runs out. */
export const basketBundle = z.object({
  offerId: z.uuid(), groupBuyId: z.uuid(), quantity: z.number().int(), priceFen: z.number().int(), lineTotalFen: z.number().int(),
  nameZh: z.string(), nameEn: z.string(), separateFen: z.number().int(), savingFen: z.number().int(),
  title: z.string(), cutoffAt: instant, pickupStartAt: instant, pickupEndAt: instant,
  parts: z.array(z.object({ itemId: z.uuid(), units: z.number().int(), name: z.string(), spec: z.string(), unit: z.string(), imageUrl: z.string().nullable() })),
  available: z.number().int(), problem: z.enum(['short', 'sold_out', 'over_limit', 'closed', 'not_open', 'inactive']).nullable(),
}).meta({ id: 'BasketBundle' });
export const basket = z.object({ lines: z.array(basketLine), bundles: z.array(basketBundle), totalFen: z.number().int(), count: z.number().int() }).meta({ id: 'Basket' });

export { bundleOffer } from './groupbuy.api.js';

/** What she may choose at checkout: open pickup points, her usual one, and door delivery when offered. */
export const fulfilmentOptions = z.object({
  pickupPoints: z.array(z.object({ id: z.uuid(), communityId: z.uuid(), name: z.string(), address: z.string(), hours: z.string(), position: z.number().int(), closedAt: instant.nullable() })),
  defaultPickupPointId: z.uuid().nullable(),
  delivery: z.object({ feeFen: z.number().int(), areas: z.array(z.string()), slots: z.array(z.string()) }).nullable(),
}).meta({ id: 'FulfilmentOptions' });
