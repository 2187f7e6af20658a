import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, bigint, boolean, bigserial, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * The closed list of transfer codes. Earning codes move points from the community's issuance
 * account to a resident; spending and hold codes move them from a resident to the community's
 * redeemed account; return codes move them back (a cancelled or refunded checkout).
 */
export const pointsCodes = ['review', 'referral', 'vote', 'checkout', 'service', 'stake', 'checkout_return', 'service_return', 'fund_grant'] as const;
export type PointsCode = (typeof pointsCodes)[number];

/** 'issuance' (one per community, the only account that may go negative), 'redeemed' (one per community), 'user'. */
/** 'community_fund' (one per community): kept proposal stakes; spent only by a passed fund proposal (governance). */
export const pointsAccountKinds = ['issuance', 'redeemed', 'user', 'community_fund'] as const;

/**
 * Double-entry accounts (after TigerBeetle): each keeps its posted and pending debits and credits,
 * changed only together with a transfer row, in the same transaction, under a row lock taken in
 * id order. A resident has one account per community (points are earned and spent in one
 * community). Balance = credits_posted − debits_posted; available = balance − debits_pending.
 */
export const pointsAccounts = pgTable('points_accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  kind: text('kind', { enum: pointsAccountKinds }).notNull(),
  /** The resident; null for the community's issuance and redeemed accounts. */
  userId: uuid('user_id'),
  debitsPosted: bigint('debits_posted', { mode: 'number' }).notNull().default(0),
  creditsPosted: bigint('credits_posted', { mode: 'number' }).notNull().default(0),
  debitsPending: bigint('debits_pending', { mode: 'number' }).notNull().default(0),
  creditsPending: bigint('credits_pending', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('points_accounts_user_idx').on(t.communityId, t.userId).where(sql`kind = 'user'`),
  uniqueIndex('points_accounts_system_idx').on(t.communityId, t.kind).where(sql`kind <> 'user'`),
  check('points_accounts_owner', sql`(${t.kind} = 'user') = (${t.userId} is not null)`),
  check('points_accounts_amounts_nonnegative', sql`${t.debitsPosted} >= 0 and ${t.creditsPosted} >= 0 and ${t.debitsPending} >= 0 and ${t.creditsPending} >= 0`),
  // The backstop: only the issuance account may go negative (held points count as spent).
  check('points_accounts_never_negative', sql`${t.kind} = 'issuance' or ${t.creditsPosted} - ${t.debitsPosted} - ${t.debitsPending} >= 0`),
]);

/**
 * Transfers: single debit→credit movements, APPEND-ONLY (a trigger refuses UPDATE and DELETE).
 * 'posted' moves points at once; 'pending' reserves them (debits_pending/credits_pending);
 * 'post_pending' and 'void_pending' are later rows that settle or release a pending one
 * (pending_id; at most one each, by a unique index). Each row is a leaf of the community ledger.
 */
export const pointsTransfers = pgTable('points_transfers', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  communityId: uuid('community_id').notNull(),
  kind: text('kind', { enum: ['posted', 'pending', 'post_pending', 'void_pending'] }).notNull(),
  debitAccountId: uuid('debit_account_id').notNull().references(() => pointsAccounts.id),
  creditAccountId: uuid('credit_account_id').notNull().references(() => pointsAccounts.id),
  /** The residents whose accounts move (0, 1 or 2), for history and receipts. */
  debitUserId: uuid('debit_user_id'),
  creditUserId: uuid('credit_user_id'),
  amount: integer('amount').notNull(),
  code: text('code', { enum: pointsCodes }).notNull(),
  /** What the transfer is for: a review, an order, a proposal… (free text, e.g. 'order:<uuid>'). */
  refId: text('ref_id').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  /** For post_pending/void_pending: the pending transfer they settle; for returns: the spend returned. */
  pendingId: uuid('pending_id'),
  returnOfId: uuid('return_of_id'),
  /** The day in the community's time zone (YYYY-MM-DD), for daily caps. */
  localDay: text('local_day').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('points_transfers_idempotency_idx').on(t.idempotencyKey),
  uniqueIndex('points_transfers_seq_idx').on(t.seq),
  uniqueIndex('points_transfers_pending_idx').on(t.pendingId).where(sql`pending_id is not null`),
  index('points_transfers_debit_idx').on(t.debitAccountId, t.seq),
  index('points_transfers_credit_idx').on(t.creditAccountId, t.code, t.localDay),
  index('points_transfers_return_idx').on(t.returnOfId).where(sql`return_of_id is not null`),
  check('points_transfers_amount_positive', sql`${t.amount} > 0`),
  check('points_transfers_two_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
  check('points_transfers_pending_ref', sql`(${t.kind} in ('post_pending', 'void_pending')) = (${t.pendingId} is not null)`),
]);

/** Services the platform lists, redeemable with points (managed by operators). */
export const pointsServices = pgTable('points_services', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  pricePoints: integer('price_points').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('points_services_price_positive', sql`${t.pricePoints} > 0`),
]);
