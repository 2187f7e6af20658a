import { z } from 'zod';
import { lineStatuses } from '../modules/orders/index.js';
import { calendarDate, instant } from './api-schemas.js';

/* Answers of the leader's order list (src/http/leader-orders.routes.ts). A neighbour appears by
   display name, 门牌 and the last four digits of her phone; never a code, a pass or a full number. */

const status = z.enum(lineStatuses);

export const leaderOrderLine = z.object({
  lineId: z.uuid(), groupBuyId: z.uuid(), title: z.string(), groupNumber: z.number().int().nullable(),
  productName: z.string(), spec: z.string(), unit: z.string(), quantity: z.number().int(), refundedQuantity: z.number().int(),
  amountFen: z.number().int(), status, pickupStartAt: instant, pickupEndAt: instant,
}).meta({ id: 'LeaderOrderLine' });

export const leaderOrder = z.object({
  orderId: z.uuid(), orderedAt: instant, userId: z.uuid(), displayName: z.string(), doorNumber: z.string(),
  phoneTail: z.string().describe('The last four digits of her phone, nothing more'),
  pickupPointId: z.uuid().nullable(), pickupPointName: z.string(), groupNumbers: z.array(z.number().int()),
  amountFen: z.number().int().describe('What the matching lines still hold (paid, less refunds)'),
  lines: z.array(leaderOrderLine).describe('The lines of this order that match the filter'),
}).meta({ id: 'LeaderOrder' });

export const leaderOrderPage = z.object({
  items: z.array(leaderOrder), page: z.number().int(), pageSize: z.number().int(), pages: z.number().int(),
  totals: z.object({
    orders: z.number().int(), lines: z.number().int(), households: z.number().int(),
    units: z.number().int().describe('Units still owed on paid lines'), amountFen: z.number().int().describe('Paid, less refunds'),
  }).describe('Over everything the filter matches, not only this page'),
}).meta({ id: 'LeaderOrderPage' });

export const leaderOrderFilters = z.object({
  groupBuys: z.array(z.object({ id: z.uuid(), title: z.string(), status: z.string(), pickupStartAt: instant, awaitingReceipt: z.boolean() })),
  pickupPoints: z.array(z.object({ id: z.uuid(), name: z.string(), closed: z.boolean() })),
  statuses: z.array(status),
}).meta({ id: 'LeaderOrderFilters' });

const printItem = z.object({ groupNumber: z.number().int().nullable(), title: z.string(), productName: z.string(), spec: z.string(), unit: z.string(), quantity: z.number().int() });

export const leaderPrintSheets = z.object({
  date: calendarDate,
  community: z.object({ id: z.uuid(), name: z.string() }),
  labels: z.array(z.object({
    groupBuyId: z.uuid(), title: z.string(), groupNumbers: z.array(z.number().int()), displayName: z.string().describe('masked: a bag label never shows a full name or 门牌'), pickupPointName: z.string(), items: z.array(printItem),
  })).describe('One per household and group buy'),
  slips: z.array(z.object({
    displayName: z.string(), doorNumber: z.string(), pickupPointName: z.string(),
    groupNumbers: z.array(z.object({ title: z.string(), groupNumber: z.number().int() })), items: z.array(printItem), units: z.number().int(),
  })).describe('One per household: all her lines of the day across group buys'),
}).meta({ id: 'LeaderPrintSheets' });

export const groupBuyArrivals = z.object({
  items: z.array(z.object({
    groupBuyId: z.uuid(), title: z.string(),
    outcome: z.enum(['received', 'already_received', 'awaiting_delivery', 'no_purchase_order', 'failed']),
    receivedLines: z.number().int(), readyLines: z.number().int(), refundedLines: z.number().int(), groupBuyArrived: z.boolean(), awaitingDelivery: z.number().int(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })),
}).meta({ id: 'GroupBuyArrivals' });
