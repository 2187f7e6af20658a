import { z } from 'zod';
import { instant, calendarDate } from './api-schemas.js';
import { payoutStatuses } from '../modules/payouts/index.js';

/** A withdrawal as its leader sees it. */
export const payout = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  amountFen: z.number().int(),
  status: z.enum(payoutStatuses),
  createdAt: instant,
  decidedAt: instant.nullable(),
  sentAt: instant.nullable(),
  completedAt: instant.nullable(),
  decisionNote: z.string().nullable(),
  failureReason: z.string().nullable(),
}).meta({ id: 'Payout' });

/** The same with what an operator needs to check it. */
export const consolePayout = payout.extend({
  leaderId: z.uuid(),
  leaderName: z.string().nullable(),
  communityName: z.string().nullable(),
  provider: z.string(),
  providerRef: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
}).meta({ id: 'ConsolePayout' });

const page = { total: z.number().int(), page: z.number().int(), pageSize: z.number().int() };
export const payoutPage = z.object({ items: z.array(payout), ...page }).meta({ id: 'PayoutPage' });
export const consolePayoutPage = z.object({ items: z.array(consolePayout), ...page }).meta({ id: 'ConsolePayoutPage' });

export const earnings = z.object({
  period: z.enum(['day', 'week', 'month']),
  date: calendarDate,
  firstDate: calendarDate,
  lastDate: calendarDate,
  timeZone: z.string(),
  salesFen: z.number().int(),
  commissionFen: z.number().int(),
  deductionsFen: z.number().int(),
  netFen: z.number().int(),
  orders: z.number().int(),
  byTier: z.array(z.object({ tier: z.string().nullable(), rate: z.number().nullable(), salesFen: z.number().int(), commissionFen: z.number().int(), orders: z.number().int() })),
  deductions: z.array(z.object({ claimId: z.uuid(), orderId: z.uuid(), productName: z.string(), resolvedAt: instant, amountFen: z.number().int(), note: z.string().nullable() })),
  pending: z.object({ heldFen: z.number().int(), orders: z.number().int(), commissionFen: z.number().int(), rate: z.number() }),
  days: z.array(z.object({ date: calendarDate, salesFen: z.number().int(), commissionFen: z.number().int() })),
  currentTier: z.string(),
  currentRate: z.number(),
  balances: z.object({ settledFen: z.number().int(), pendingPayoutFen: z.number().int(), deductionsOwedFen: z.number().int() }),
  withdrawal: z.object({ minFen: z.number().int(), dailyLimitFen: z.number().int(), approvalThresholdFen: z.number().int(), withdrawnTodayFen: z.number().int(), availableFen: z.number().int() }),
}).meta({ id: 'Earnings' });

export const reconciliation = z.object({
  ok: z.boolean(),
  checkedAt: instant,
  checks: z.array(z.object({ key: z.string(), ok: z.boolean(), expectedFen: z.number(), actualFen: z.number(), detail: z.string() })),
  mismatches: z.array(z.object({ payoutId: z.string().nullable(), providerRef: z.string().nullable(), problem: z.enum(['missing_at_provider', 'unknown_to_us', 'amount_differs', 'status_differs']), ours: z.string(), theirs: z.string() })),
  leadersOff: z.array(z.object({ leaderId: z.uuid(), balanceFen: z.number(), expectedFen: z.number() })),
  /** Payouts whose row differs from their append-only history (payout_entries). */
  payoutsOffHistory: z.array(z.uuid()),
}).meta({ id: 'PayoutReconciliation' });
