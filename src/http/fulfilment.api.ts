import { z } from 'zod';
import { calendarDate, instant } from './api-schemas.js';
import { handoverMethods, handoverStatuses } from '../modules/fulfilment/index.js';

/** Response shapes of pickup, hand-over, delivery, purchase-order and pick-list routes. */

/** A line as the leader and the resident see it at the pickup point (units still owed). */
export const pickupLine = z.object({
  lineId: z.uuid(),
  orderId: z.uuid(),
  /** 跟团号. */
  groupNumber: z.number().int().nullable(),
  groupBuyId: z.uuid(),
  itemId: z.uuid(),
  title: z.string(),
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  pickupStartAt: instant,
  pickupEndAt: instant,
}).meta({ id: 'PickupLine' });

/** Her rotating code (it changes every `stepSeconds`), its QR, and what is ready for her there. */
export const pickupCode = z.object({
  /** Where what is ready is handed over: her pickup point(s), or her door (name = area and 门牌, hours = the slot). */
  places: z.array(z.object({ kind: z.enum(['pickup', 'delivery']), name: z.string(), address: z.string(), hours: z.string() })),
  code: z.string(),
  qrDataUrl: z.string(),
  expiresAt: instant,
  stepSeconds: z.number().int(),
  ready: z.array(pickupLine.extend({ windowStarted: z.boolean() })),
}).meta({ id: 'PickupCode' });

/** 代取: a one-time pass she sent to someone collecting for her. */
export const pickupPass = z.object({
  id: z.uuid(),
  collector: z.string().nullable(),
  expiresAt: instant,
  revokedAt: instant.nullable(),
  usedAt: instant.nullable(),
  createdAt: instant,
}).meta({ id: 'PickupPass' });

/** A new pass: the code and its QR are shown this once (only a hash is kept). */
export const pickupPassCreated = pickupPass.extend({ code: z.string(), qrDataUrl: z.string() }).meta({ id: 'PickupPassCreated' });

/** Whose code the leader scanned (her name here and 门牌, never a phone) and what he may hand over now. */
export const pickupLookup = z.object({
  via: z.enum(['code', 'pass']),
  resident: z.object({ name: z.string(), doorNumber: z.string() }),
  /** With a pass: whom the collector collects for. */
  collectedFor: z.string().nullable(),
  collector: z.string().nullable(),
  lines: z.array(pickupLine),
}).meta({ id: 'PickupLookup' });

export const pickupVerified = pickupLookup.extend({
  handoverId: z.uuid(),
  /** Handed over at a pickup point or at her door (送货上门), and where. */
  fulfilment: z.enum(['pickup', 'delivery']),
  place: z.string(),
}).meta({ id: 'PickupVerified' });

const handoverLine = z.object({ lineId: z.uuid(), groupNumber: z.number().int().nullable(), productName: z.string(), quantity: z.number().int() });

/** A hand-over the leader recorded (without a code it waits for her word, or 72 hours). */
export const handover = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  method: z.enum(handoverMethods),
  status: z.enum(handoverStatuses),
  note: z.string(),
  createdAt: instant,
  settleDueAt: instant.nullable(),
  confirmedAt: instant.nullable(),
  disputedAt: instant.nullable(),
  disputeReason: z.string().nullable(),
  lines: z.array(handoverLine),
}).meta({ id: 'Handover' });

/** She said she did not get it: the hand-over and the claim opened for each line. */
export const handoverDisputed = z.object({ handover, claimIds: z.array(z.uuid()) }).meta({ id: 'HandoverDisputed' });

/** GET /api/me/handovers: hand-overs recorded for her, with the leader's name. */
export const myHandover = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  leaderId: z.uuid(),
  leaderName: z.string(),
  method: z.enum(handoverMethods),
  status: z.enum(handoverStatuses),
  createdAt: instant,
  settleDueAt: instant.nullable(),
  confirmedAt: instant.nullable(),
  disputedAt: instant.nullable(),
  note: z.string(),
  lines: z.array(handoverLine.extend({ title: z.string() })),
}).meta({ id: 'MyHandover' });

/** A household with goods at the pickup point: 跟团号 and a masked name, never a code. */
const household = z.object({
  /** The resident's id, for recording a hand-over without a code. */
  residentKey: z.uuid(),
  name: z.string(),
  groupNumbers: z.array(z.number().int()),
  lines: z.array(pickupLine),
});

export const pendingPickups = z.object({
  households: z.array(household.extend({ windowStarted: z.boolean() })),
  notCollected: z.array(household),
  pickedUpLast24h: z.number().int(),
  awaitingConfirmation: z.number().int(),
  /** A reminder to paste into the group; empty when nobody is due. */
  reminderText: z.string(),
}).meta({ id: 'PendingPickups' });

/** A delivery recorded for the leader's pickup point, received or not. */
export const delivery = z.object({
  id: z.uuid(),
  purchaseOrderId: z.uuid(),
  deliveryDate: calendarDate,
  supplierName: z.string().nullable(),
  groupBuyId: z.uuid(),
  itemId: z.uuid(),
  title: z.string(),
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  batchCode: z.string().nullable(),
  quantityOrdered: z.number().int(),
  quantityConfirmed: z.number().int().nullable(),
  quantityDelivered: z.number().int(),
  deliveredAt: instant,
  quantityReceived: z.number().int().nullable(),
  receivedAt: instant.nullable(),
  pickupStartAt: instant,
  pickupEndAt: instant,
}).meta({ id: 'Delivery' });

export const deliveryReceived = z.object({
  lineId: z.uuid(),
  quantityReceived: z.number().int(),
  /** Order lines now ready for pickup. */
  readyLines: z.number().int(),
  groupBuyArrived: z.boolean(),
  /** Lines and units refunded for a short receipt. */
  refundedLines: z.number().int(),
  refundedUnits: z.number().int(),
}).meta({ id: 'DeliveryReceived' });

export const deliveryRecorded = z.object({
  lineId: z.uuid(),
  quantityDelivered: z.number().int(),
  refundedLines: z.number().int(),
  refundedUnits: z.number().int(),
}).meta({ id: 'DeliveryRecorded' });

const purchaseOrderStatus = z.enum(['pending', 'confirmed', 'short_confirmed', 'delivered']);

/** A purchase order: one supplier, one delivery day. */
export const purchaseOrder = z.object({
  id: z.uuid(),
  supplierId: z.uuid(),
  deliveryDate: calendarDate,
  status: purchaseOrderStatus,
  confirmedAt: instant.nullable(),
  confirmedBy: z.uuid().nullable(),
  createdAt: instant,
}).meta({ id: 'PurchaseOrder' });

export const purchaseOrderSummary = z.object({
  id: z.uuid(),
  supplierId: z.uuid(),
  deliveryDate: calendarDate,
  status: purchaseOrderStatus,
  confirmedAt: instant.nullable(),
  createdAt: instant,
  supplierName: z.string(),
  lineCount: z.number().int(),
  quantityOrdered: z.number().int(),
}).meta({ id: 'PurchaseOrderSummary' });

/** A purchase order with one line per group-buy item and pickup point. */
export const purchaseOrderDetail = purchaseOrder.extend({
  lines: z.array(z.object({
    id: z.uuid(),
    purchaseOrderId: z.uuid(),
    communityId: z.uuid(),
    groupBuyId: z.uuid(),
    itemId: z.uuid(),
    productId: z.uuid(),
    batchId: z.uuid().nullable(),
    quantityOrdered: z.number().int(),
    quantityConfirmed: z.number().int().nullable(),
    quantityDelivered: z.number().int().nullable(),
    deliveredAt: instant.nullable(),
    quantityReceived: z.number().int().nullable(),
    receivedAt: instant.nullable(),
    communityName: z.string(),
    pickupPoint: z.string(),
    productName: z.string(),
    batchCode: z.string().nullable(),
  })),
}).meta({ id: 'PurchaseOrderDetail' });

const pickItem = z.object({
  groupNumber: z.number().int().nullable(),
  title: z.string(),
  productName: z.string(),
  spec: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  batchCode: z.string().nullable(),
  pickedUp: z.boolean(),
});

const pickDay = {
  date: calendarDate,
  community: z.object({ id: z.uuid(), name: z.string(), pickupPointName: z.string(), pickupPointAddress: z.string() }),
};

/** 分拣单: what goes into each household's bag, by 跟团号, with product totals. Never a code. */
export const pickList = z.object({
  ...pickDay,
  residents: z.array(z.object({ name: z.string(), doorNumber: z.string(), groupNumbers: z.array(z.number().int()), pickedUp: z.boolean(), items: z.array(pickItem) })),
  totals: z.array(z.object({ productName: z.string(), spec: z.string(), unit: z.string(), quantity: z.number().int(), batchCode: z.string().nullable() })),
}).meta({ id: 'PickList' });

/** Bag labels: one per household and group buy. */
export const bagLabels = z.object({
  ...pickDay,
  labels: z.array(z.object({ groupBuyId: z.uuid(), title: z.string(), groupNumbers: z.array(z.number().int()), name: z.string(), items: z.array(pickItem) })),
}).meta({ id: 'BagLabels' });
