import type { PointsCode } from './schema.js';

/**
 * What each earning code pays and how often a day (in the community's time zone) it pays one
 * resident: the daily cap of a code is `amount × perDay` points. Earnings past the cap are not
 * recorded ({capped: true}). TRUST.md §7: a review earns whatever its stars; a referral only when
 * it counts; a vote only in a proposal that reached quorum (the callers decide that).
 */
export const EARNING_RULES = {
  review: { amount: 10, perDay: 3 },
  referral: { amount: 200, perDay: 3 },
  vote: { amount: 5, perDay: 5 },
} as const satisfies Partial<Record<PointsCode, { amount: number; perDay: number }>>;
export type EarnCode = keyof typeof EARNING_RULES;
export const earnCodes = Object.keys(EARNING_RULES) as EarnCode[];

/** Codes that spend (resident → the community's redeemed account) and that hold (pending). */
export const spendCodes = ['checkout', 'service'] as const satisfies readonly PointsCode[];
export const holdCodes = ['stake'] as const satisfies readonly PointsCode[];
/** A spend returned (cancelled or refunded) is a new transfer with this code. */
export const returnCodeOf = { checkout: 'checkout_return', service: 'service_return' } as const satisfies Record<(typeof spendCodes)[number], PointsCode>;

/**
 * Spending at checkout: 100 points take ¥1 (100 fen) off, so one point is one fen; at most 20% of
 * the order's goods may be paid with points, so money is always paid.
 */
export const CHECKOUT_POINTS = { fenPerPoint: 1, maxShareBasisPoints: 2000 } as const;

/** Largest amount of one transfer (a guard against nonsense input, far above any real use). */
export const MAX_TRANSFER = 10_000_000;
