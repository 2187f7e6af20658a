import { z } from 'zod';
import { instant } from './api-schemas.js';
import { rollEntry } from './groupbuy.api.js';
import { lineStatus } from './orders.api.js';

/** Response shapes of a leader's work on one group buy. */

/** The 接龙 text to paste into the WeChat group, the link and its QR code. */
export const shareKit = z.object({ text: z.string(), url: z.string(), qrDataUrl: z.string() }).meta({ id: 'ShareKit' });

export const rollCall = z.object({ text: z.string(), entries: z.array(rollEntry) }).meta({ id: 'RollCall' });

/** An order of this group buy as its leader sees it: 跟团号, a masked name, her note, this buy's lines. */
export const groupBuyOrder = z.object({
  orderId: z.uuid(),
  groupNumber: z.number().int().nullable(),
  residentName: z.string(),
  note: z.string(),
  paidAt: instant.nullable(),
  createdAt: instant,
  /** What the order is worth now, partial refunds taken off. */
  totalFen: z.number().int(),
  lines: z.array(z.object({
    lineId: z.uuid(),
    itemId: z.uuid(),
    productName: z.string(),
    quantity: z.number().int(),
    refundedQuantity: z.number().int(),
    totalFen: z.number().int(),
    status: lineStatus,
    pickedUpAt: instant.nullable(),
  })),
}).meta({ id: 'GroupBuyOrder' });
