import { sql } from 'drizzle-orm';
import { campaigns } from '../campaigns/index.js';
import { pgTable, uuid, text, integer, timestamp, jsonb, bigint, bigserial, boolean, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

export const claimKinds = ['bad_produce', 'damaged', 'not_as_described', 'missing', 'unhappy'] as const;
export type ClaimKind = (typeof claimKinds)[number];

export const ruleActions = ['refund_now', 'leader_review', 'ask_more', 'platform'] as const;
export type RuleAction = (typeof ruleActions)[number];

export const claimStatuses = ['needs_more', 'leader_review', 'platform_review', 'refunded', 'replaced', 'rejected'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/**
 * Trust contracts: published guarantee rules, `condition → action`. A rule is never edited in
 * place: a change inserts the next version of the same key, so old decisions keep pointing at the
 * version that made them.
 */
export const guaranteeRules = pgTable('guarantee_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stable name across versions, e.g. bad_fruit. */
  key: text('key').notNull(),
  version: integer('version').notNull(),
  name: text('name').notNull(),
  /** The operator's plain-language promise, shown to residents beside the generated reading. */
  description: text('description').notNull(),
  condition: text('condition').notNull(),
  action: text('action', { enum: ruleActions }).notNull(),
  /** Lower runs first; the first rule whose condition holds decides. */
  priority: integer('priority').notNull(),
  active: boolean('active').notNull().default(true),
  /**
   * Its scope, fixed at version 1: null for the platform's rules (every claim), or a campaign whose
   * rule adds to them for lines bought under that campaign (see docs/guarantees.md).
   */
  campaignId: uuid('campaign_id').references(() => campaigns.id),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('guarantee_rules_key_version').on(t.key, t.version),
  index('guarantee_rules_campaign_idx').on(t.campaignId).where(sql`campaign_id is not null`),
]);

/** A resident's claim about one line of an order (one product). */
export const claims = pgTable('claims', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  orderId: uuid('order_id').notNull(),
  lineId: uuid('line_id').notNull(),
  userId: uuid('user_id').notNull(),
  productId: uuid('product_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull(),
  batchId: uuid('batch_id'),
  leaderId: uuid('leader_id'),
  kind: text('kind', { enum: claimKinds }).notNull(),
  quantity: integer('quantity').notNull(),
  amountFen: integer('amount_fen').notNull(),
  description: text('description').notNull(),
  status: text('status', { enum: claimStatuses }).notNull(),
  /** Every fact the rules could read, as they were when the claim was decided (for replay). */
  facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  ruleId: uuid('rule_id'),
  ruleKey: text('rule_key'),
  ruleVersion: integer('rule_version'),
  ruleAction: text('rule_action', { enum: ruleActions }),
  /** The facts the deciding rule actually read. */
  factsUsed: jsonb('facts_used').$type<Record<string, unknown>>(),
  /** i18n key + params of the reason the resident sees. */
  reasonKey: text('reason_key').notNull(),
  reasonParams: jsonb('reason_params').$type<Record<string, string | number>>().notNull().default({}),
  /** Photo checks: reuse (sha256 / perceptual hash), EXIF time before pickup. */
  flags: jsonb('flags').$type<{ kind: string; detail: Record<string, string | number> }[]>().notNull().default([]),
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  deadlineAt: timestamp('deadline_at', { withTimezone: true }),
  firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  resolvedBy: text('resolved_by', { enum: ['rule', 'leader', 'platform'] }),
  refundedFen: integer('refunded_fen').notNull().default(0),
  /** Who bears the cost when someone is found at fault (TRUST.md §3 fairness). */
  faultParty: text('fault_party', { enum: ['none', 'leader', 'supplier', 'resident'] }),
  resolutionNote: text('resolution_note'),
  /** One automatic refund in twenty is looked at afterwards; the review never blocks the refund. */
  sampledForReview: boolean('sampled_for_review').notNull().default(false),
  reviewOutcome: text('review_outcome', { enum: ['valid', 'invalid', 'fraud'] }),
  /** Who started it: the resident filed it, or her leader refunded her himself after the hand-over. */
  origin: text('origin', { enum: ['resident', 'leader'] }).notNull().default('resident'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // TRUST.md §3: one claim per order line.
  uniqueIndex('claims_line_key').on(t.lineId),
  index('claims_order_idx').on(t.orderId),
  index('claims_user_idx').on(t.userId, t.createdAt),
  index('claims_community_status_idx').on(t.communityId, t.status, t.deadlineAt),
  index('claims_due_idx').on(t.deadlineAt).where(sql`status = 'leader_review'`),
  check('claims_quantity_positive', sql`${t.quantity} > 0`),
]);

/** Photos of a claim with the hashes that find reuse (TRUST.md §6). */
export const claimPhotos = pgTable('claim_photos', {
  id: uuid('id').primaryKey().defaultRandom(),
  claimId: uuid('claim_id').notNull().references(() => claims.id),
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull(),
  productId: uuid('product_id').notNull(),
  fileId: uuid('file_id').notNull(),
  thumbFileId: uuid('thumb_file_id').notNull(),
  sha256: text('sha256').notNull(),
  /** 64-bit pHash of the image, its mirror and its 80% centre crop (signed bigint). */
  phash: bigint('phash', { mode: 'bigint' }).notNull(),
  phashMirror: bigint('phash_mirror', { mode: 'bigint' }).notNull(),
  phashCrop: bigint('phash_crop', { mode: 'bigint' }).notNull(),
  takenAt: timestamp('taken_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('claim_photos_claim_idx').on(t.claimId),
  index('claim_photos_sha_idx').on(t.sha256),
  // Reuse search looks at one community's, one product's or one resident's recent photos.
  index('claim_photos_community_idx').on(t.communityId, t.createdAt),
  index('claim_photos_product_idx').on(t.productId, t.createdAt),
  index('claim_photos_user_idx').on(t.userId, t.createdAt),
]);

/** The claim's story as the resident and the people handling it see it. */
export const claimActions = pgTable('claim_actions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  claimId: uuid('claim_id').notNull().references(() => claims.id),
  actorId: uuid('actor_id'),
  actorRole: text('actor_role', { enum: ['resident', 'rule', 'leader', 'platform', 'system'] }).notNull(),
  action: text('action').notNull(),
  note: text('note').notNull().default(''),
  amountFen: integer('amount_fen'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('claim_actions_claim_idx').on(t.claimId, t.id)]);

export const ledgerCodes = ['fund_topup', 'claim_refund', 'leader_advance', 'fund_reimbursement', 'leader_charge', 'supplier_charge'] as const;
export type LedgerCode = (typeof ledgerCodes)[number];

/**
 * The guarantee fund's double-entry ledger: every movement is one transfer from a debit account
 * to a credit account (guarantee_fund, platform, leader:<id>, resident:<id>, supplier:<id>), so
 * debits and credits always balance. Append-only: corrections are new entries.
 */
export const fundEntries = pgTable('fund_entries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  idempotencyKey: text('idempotency_key').notNull(),
  debitAccount: text('debit_account').notNull(),
  creditAccount: text('credit_account').notNull(),
  amountFen: integer('amount_fen').notNull(),
  code: text('code', { enum: ledgerCodes }).notNull(),
  claimId: uuid('claim_id'),
  communityId: uuid('community_id'),
  memo: text('memo').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('fund_entries_idempotency_key').on(t.idempotencyKey),
  index('fund_entries_debit_idx').on(t.debitAccount),
  index('fund_entries_credit_idx').on(t.creditAccount),
  check('fund_entries_amount_positive', sql`${t.amountFen} > 0`),
  check('fund_entries_two_accounts', sql`${t.debitAccount} <> ${t.creditAccount}`),
]);

/**
 * A guarantee-rule version proposed from outside the console (a community's vote): a draft that is
 * not in force until an operator publishes it as the key's next version, or declines it. What led
 * to it (the vote's result) is attached, so the operator decides with it in view.
 */
export const guaranteeRuleDrafts = pgTable('guarantee_rule_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The rule it changes (null: a new rule, whose key is given on publishing). */
  key: text('key'),
  /** The version in force when the draft was made: publishing over a newer one is refused. */
  baseVersion: integer('base_version'),
  name: text('name').notNull(),
  description: text('description').notNull(),
  condition: text('condition').notNull(),
  action: text('action', { enum: ruleActions }).notNull(),
  priority: integer('priority').notNull(),
  /** Where it came from, e.g. 'governance' and the proposal's id. */
  source: text('source').notNull(),
  sourceId: uuid('source_id').notNull(),
  attachment: jsonb('attachment').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['awaiting', 'published', 'declined'] }).notNull().default('awaiting'),
  publishedRuleId: uuid('published_rule_id'),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('guarantee_rule_drafts_source_key').on(t.source, t.sourceId),
  index('guarantee_rule_drafts_status_idx').on(t.status, t.createdAt),
]);
