import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, bigint, bigserial, boolean, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * The leaders' money ledger (docs/earnings.md). Accounts: leader:<id>:settled (what he may
 * withdraw), leader:<id>:pending_payout (asked for, not yet paid), platform:commission,
 * platform:deductions, platform:deductions_receivable:<leaderId>, platform:payout_clearing.
 * Balance = credits − debits. A leader's account never goes below zero: the CHECK below refuses it
 * in SQL, whatever code path tries; platform accounts may (the platform pays commission out).
 */
export const ledgerAccounts = pgTable('ledger_accounts', {
  account: text('account').primaryKey(),
  leaderId: uuid('leader_id'),
  balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
  mayGoNegative: boolean('may_go_negative').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('ledger_accounts_not_negative', sql`${t.mayGoNegative} or ${t.balanceFen} >= 0`),
  index('ledger_accounts_leader_idx').on(t.leaderId),
]);

export const transferCodes = ['commission', 'deduction', 'deduction_recovered', 'payout_requested', 'payout_paid', 'payout_returned'] as const;
export type TransferCode = (typeof transferCodes)[number];

/** Every movement: one amount from a debit account to a credit account, once per idempotency key. Append-only. */
export const ledgerTransfers = pgTable('ledger_transfers', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  idempotencyKey: text('idempotency_key').notNull(),
  debitAccount: text('debit_account').notNull(),
  creditAccount: text('credit_account').notNull(),
  amountFen: integer('amount_fen').notNull(),
  code: text('code', { enum: transferCodes }).notNull(),
  leaderId: uuid('leader_id').notNull(),
  communityId: uuid('community_id'),
  /** What caused it: a settlement, a claim, a payout. */
  refId: text('ref_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('ledger_transfers_key').on(t.idempotencyKey),
  index('ledger_transfers_leader_idx').on(t.leaderId, t.createdAt),
  index('ledger_transfers_debit_idx').on(t.debitAccount),
  index('ledger_transfers_credit_idx').on(t.creditAccount),
  check('ledger_transfers_amount_positive', sql`${t.amountFen} > 0`),
  check('ledger_transfers_two_accounts', sql`${t.debitAccount} <> ${t.creditAccount}`),
]);

export const payoutStatuses = ['awaiting_approval', 'sending', 'sent', 'paid', 'failed', 'rejected'] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

/** A leader's withdrawal (提现) of his settled balance, through the payout provider. */
export const payouts = pgTable('payouts', {
  id: uuid('id').primaryKey().defaultRandom(),
  leaderId: uuid('leader_id').notNull(),
  communityId: uuid('community_id').notNull(),
  /** The client's Idempotency-Key: the same key twice is the same payout. */
  requestKey: text('request_key').notNull(),
  amountFen: integer('amount_fen').notNull(),
  status: text('status', { enum: payoutStatuses }).notNull(),
  provider: text('provider').notNull(),
  providerRef: text('provider_ref'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  decidedBy: uuid('decided_by'),
  decisionNote: text('decision_note'),
  failureReason: text('failure_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('payouts_request_key').on(t.leaderId, t.requestKey),
  uniqueIndex('payouts_provider_ref').on(t.provider, t.providerRef),
  index('payouts_leader_idx').on(t.leaderId, t.createdAt),
  index('payouts_status_idx').on(t.status, t.createdAt),
  check('payouts_amount_positive', sql`${t.amountFen} > 0`),
]);

export const payoutEntryKinds = ['requested', 'approved', 'sent', 'attempt_failed', 'paid', 'failed', 'rejected'] as const;
export type PayoutEntryKind = (typeof payoutEntryKinds)[number];

/**
 * A payout's history, one row per event, written in the same transaction as the change of its
 * `payouts` row (which stays as the current-state projection). Append-only: the database refuses
 * UPDATE, DELETE and TRUNCATE (trigger in the payout-entries migration); every row is a leaf of the
 * community ledger. `status` is the payout's status after the event; `amountFen` the payout's amount.
 */
export const payoutEntries = pgTable('payout_entries', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  payoutId: uuid('payout_id').notNull().references(() => payouts.id),
  leaderId: uuid('leader_id').notNull(),
  communityId: uuid('community_id').notNull(),
  kind: text('kind', { enum: payoutEntryKinds }).notNull(),
  status: text('status', { enum: payoutStatuses }).notNull(),
  amountFen: integer('amount_fen').notNull(),
  /** Who decided (approved, rejected); null for the leader's request and the provider's events. */
  actorId: uuid('actor_id'),
  provider: text('provider').notNull(),
  providerRef: text('provider_ref'),
  /** The operator's note, the provider's error or its failure reason. */
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('payout_entries_payout_idx').on(t.payoutId, t.seq),
  uniqueIndex('payout_entries_once').on(t.payoutId, t.kind).where(sql`${t.kind} <> 'attempt_failed'`),
  check('payout_entries_amount_positive', sql`${t.amountFen} > 0`),
]);
