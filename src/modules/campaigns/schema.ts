import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, date, index, integer, jsonb, boolean, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';
import { products } from '../catalog/index.js';
import { standards } from '../quality/index.js';

export const campaignStatuses = ['draft', 'published', 'closed'] as const;

/**
 * A programme such as 《安心厨房计划》: a story, a period in the community's days, the standards its
 * products must prove and the badge they then carry. Products are enrolled in `campaign_products`;
 * an enrolled product shows the badge only while its current batch proves every required standard.
 */
export const campaigns = pgTable('campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The address of its public page: /campaigns/:slug. */
  slug: text('slug').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  storyZh: text('story_zh').notNull().default(''),
  storyEn: text('story_en').notNull().default(''),
  /** Inclusive days (Asia/Shanghai) the campaign runs. */
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  badgeZh: text('badge_zh').notNull(),
  badgeEn: text('badge_en').notNull(),
  status: text('status', { enum: campaignStatuses }).notNull().default('draft'),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  /** Who may become an ambassador: a rule over leader facts (AMBASSADOR_FACTS), in the platform rule language. */
  ambassadorRule: text('ambassador_rule').notNull().default("tier in ['gold', 'silver'] and course_passed and upheld_complaints_90d == 0"),
  /** The training course an ambassador must have passed (the `course_passed` fact); null: none required. */
  ambassadorCourseId: uuid('ambassador_course_id'),
  /** Days from the first day during which only its ambassadors may open group buys of enrolled products. */
  firstLaunchDays: integer('first_launch_days').notNull().default(0),
}, (t) => [
  uniqueIndex('campaigns_slug_key').on(t.slug),
  check('campaigns_period_ordered', sql`${t.startsOn} <= ${t.endsOn}`),
  check('campaigns_first_launch_days_range', sql`${t.firstLaunchDays} between 0 and 90`),
]);

export const ambassadorStatuses = ['applied', 'approved', 'rejected', 'revoked'] as const;

/**
 * A leader's application to be a campaign's ambassador, with the facts he had and the rule's
 * verdict when he applied; an operator decides (eligibility checked again then) and may revoke.
 */
export const campaignAmbassadors = pgTable('campaign_ambassadors', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id),
  leaderId: uuid('leader_id').notNull(),
  communityId: uuid('community_id').notNull(),
  /** The facts as gathered when he applied, and the rule's part-by-part verdict on them. */
  facts: jsonb('facts').notNull(),
  verdict: jsonb('verdict').notNull(),
  eligible: boolean('eligible').notNull(),
  status: text('status', { enum: ambassadorStatuses }).notNull().default('applied'),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionReason: text('decision_reason'),
  /** The facts read again at approval (they may have changed since he applied). */
  decisionFacts: jsonb('decision_facts'),
  revokedBy: uuid('revoked_by'),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokeReason: text('revoke_reason'),
}, (t) => [
  // One standing application per leader and campaign: pending or approved.
  uniqueIndex('campaign_ambassadors_standing_key').on(t.campaignId, t.leaderId).where(sql`status in ('applied', 'approved')`),
  index('campaign_ambassadors_leader_idx').on(t.leaderId),
]);

/** The standards a campaign requires of every product it enrols. */
export const campaignStandards = pgTable('campaign_standards', {
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id),
  standardId: uuid('standard_id').notNull().references(() => standards.id),
}, (t) => [primaryKey({ columns: [t.campaignId, t.standardId] })]);

/**
 * A product enrolled in a campaign. Enrolment is refused unless the product proves every required
 * standard at that moment; withdrawal keeps the row (who, when, why) so the history stays.
 */
export const campaignProducts = pgTable('campaign_products', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  enrolledBy: uuid('enrolled_by').notNull(),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
  withdrawnBy: uuid('withdrawn_by'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawReason: text('withdraw_reason'),
}, (t) => [
  uniqueIndex('campaign_products_enrolled_key').on(t.campaignId, t.productId).where(sql`withdrawn_at is null`),
  index('campaign_products_product_idx').on(t.productId),
]);

/**
 * What a paid order line was bought under: the campaign was published and running, and the line's
 * product was enrolled in it and proved every required standard, at the moment she paid. Written
 * once at payment and never changed: the campaign's guarantee honours the purchase even if the
 * product later loses its proof, is withdrawn, or the campaign closes.
 */
export const campaignPurchases = pgTable('campaign_purchases', {
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id),
  lineId: uuid('line_id').notNull(),
  orderId: uuid('order_id').notNull(),
  productId: uuid('product_id').notNull(),
  userId: uuid('user_id').notNull(),
  communityId: uuid('community_id').notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
}, (t) => [
  primaryKey({ columns: [t.communityId, t.campaignId, t.lineId] }),
  index('campaign_purchases_line_idx').on(t.lineId),
]);

/**
 * A scenario bundle (「宝宝的第一口辅食」): enrolled products sold together at a bundle price. The
 * operator's price is the suggestion a leader starts from; each group buy prices its own offer.
 */
export const campaignBundles = pgTable('campaign_bundles', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id').notNull().references(() => campaigns.id),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  scenarioZh: text('scenario_zh').notNull().default(''),
  scenarioEn: text('scenario_en').notNull().default(''),
  priceFen: integer('price_fen').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('campaign_bundles_campaign_idx').on(t.campaignId),
  check('campaign_bundles_price_positive', sql`${t.priceFen} > 0`),
]);

/** A bundle's products, each with how many units one bundle holds. */
export const campaignBundleProducts = pgTable('campaign_bundle_products', {
  bundleId: uuid('bundle_id').notNull().references(() => campaignBundles.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  position: integer('position').notNull(),
  units: integer('units').notNull(),
}, (t) => [
  primaryKey({ columns: [t.bundleId, t.productId] }),
  check('campaign_bundle_products_units', sql`${t.units} between 1 and 20`),
]);
