import { z } from 'zod';
import { instant } from './api-schemas.js';
import { order } from './orders.api.js';
import { leaderCancelReasons, leaderRefundReasons, LEADER_NOTE_MAX } from '../modules/orders/index.js';

/** Shapes of the leader's order detail and of his cancel / refund requests. */

export const leaderCancelBody = z.object({
  /** The lines and how many units of each; omitted: the whole order. */
  lines: z.array(z.object({ lineId: z.uuid(), quantity: z.number().int().min(1).max(100_000).optional() })).min(1).max(50).optional(),
  reasonCode: z.enum(leaderCancelReasons),
  note: z.string().max(LEADER_NOTE_MAX).optional(),
}).meta({ id: 'LeaderCancelRequest' });

export const leaderRefundBody = z.object({
  amountFen: z.number().int().min(1).max(100_000_000),
  reasonCode: z.enum(leaderRefundReasons),
  note: z.string().max(LEADER_NOTE_MAX).optional(),
}).meta({ id: 'LeaderRefundRequest' });

export const leaderOrderDetail = z.object({
  order,
  resident: z.object({ displayName: z.string(), doorNumber: z.string(), maskedName: z.string() }),
  payment: z.object({
    id: z.uuid(), status: z.string(), amountFen: z.number().int(), refundedFen: z.number().int(), settledFen: z.number().int(),
    /** Still held: amount − refunded − settled (never below 0; refunds after settling are advanced by the fund). */
    heldFen: z.number().int(),
  }).nullable(),
  refunds: z.array(z.object({
    id: z.uuid(), lineId: z.uuid().nullable(), amountFen: z.number().int(), reason: z.string(), status: z.enum(['pending', 'paid']), createdAt: instant, paidAt: instant.nullable(),
  })),
  limits: z.object({ leaderRefundLimitFen: z.number().int() }),
  actions: z.array(z.object({
    lineId: z.uuid(),
    /** Units he may still cancel (before the hand-over); 0: none. */
    cancellableQuantity: z.number().int(),
    wholeOnly: z.boolean(),
    /** What he may refund after the hand-over (before his limit); 0: no refund possible. */
    refundableFen: z.number().int(),
    claim: z.object({ origin: z.enum(['resident', 'leader']), status: z.string() }).nullable(),
  })),
}).meta({ id: 'LeaderOrderDetail' });
