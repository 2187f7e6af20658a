import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';

/** Response shapes of the trust routes (resident trust, leader index, tags, recommendations, co-creation), as the services return them. */

const residentLevel = z.enum(['A', 'B', 'C', 'D']);

/** The resident's own score with everything it was computed from (never anyone else's). */
export const trustProfile = z.object({
  score: z.int(),
  level: residentLevel,
  alpha: z.number(),
  beta: z.number(),
  mean: z.number(),
  goodCounted: z.int(),
  /** Good events beyond five a week, not counted. */
  goodCapped: z.int(),
  issues: z.array(z.object({ kind: z.string(), occurredAt: instant, severity: z.number() })),
  tenureDays: z.int(),
  paidOrders: z.int(),
  instantRefundQuotaYuan: z.number(),
  /** Clean ¥30+ orders that would lift her to level A, if reachable within 100. */
  ordersToLevelA: z.int().nullable(),
}).meta({ id: 'TrustProfile' });

export const leaderIndexWeights = z.object({
  satisfaction: z.number(),
  complaintControl: z.number(),
  responseSpeed: z.number(),
  activity: z.number(),
  fulfilment: z.number(),
}).meta({ id: 'TrustLeaderIndexWeights' });

export const tierSettings = z.object({
  tiers: z.array(z.object({ key: z.string(), min: z.number(), commissionDeltaPp: z.number(), firstLaunch: z.boolean() })),
  demotionMargin: z.number(),
  readingsToChange: z.int(),
  minOrdersForTier: z.int(),
  baseCommissionRate: z.number(),
}).meta({ id: 'TrustTierSettings' });

/** One computation of a leader's index: components, inputs, the tier decided and why. */
export const leaderReading = z.object({
  id: z.uuid(),
  leaderId: z.uuid(),
  computedAt: instant,
  indexValue: z.number(),
  components: z.record(z.string(), z.number()),
  inputs: z.record(z.string(), z.number()),
  orders: z.int(),
  tier: z.string(),
  tierChanged: z.boolean(),
  reason: z.string(),
  commissionRate: z.number(),
}).meta({ id: 'TrustLeaderReading' });

export const leaderReadingRecorded = leaderReading.extend({ weights: leaderIndexWeights });

export const leaderIndexHistory = z.object({
  weights: leaderIndexWeights,
  settings: tierSettings,
  /** Oldest first. */
  readings: z.array(leaderReading),
}).meta({ id: 'TrustLeaderIndexHistory' });

/** A leader in a community with his latest reading (all null before the first). */
export const leaderOverview = z.object({
  leaderId: z.uuid(),
  leaderName: z.string(),
  title: z.string(),
  communityId: z.uuid(),
  communityName: z.string(),
  indexValue: z.number().nullable(),
  tier: z.string().nullable(),
  reason: z.string().nullable(),
  orders: z.int().nullable(),
  computedAt: instant.nullable(),
  components: z.record(z.string(), z.number()).nullable(),
  commissionRate: z.number(),
}).meta({ id: 'TrustLeaderOverview' });

export const tagRule = z.object({
  id: z.uuid(),
  name: z.string(),
  expression: z.string(),
  description: z.string(),
  active: z.boolean(),
  createdBy: z.uuid().nullable(),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'TrustTagRule' });

export const tagRuleList = itemsOf(tagRule).extend({
  /** The facts a rule may use, with what each means. */
  facts: z.record(z.string(), z.string()),
});

/** An open group buy ranked for the resident, scored by its best item for her, with the reasons in words. */
export const recommendation = z.object({
  groupBuyId: z.uuid(),
  itemId: z.uuid(),
  title: z.string(),
  productName: z.string(),
  priceFen: z.int(),
  imageUrls: z.array(z.string()),
  score: z.number(),
  reasons: z.array(z.string()),
}).meta({ id: 'TrustRecommendation' });

const cocreateKind = z.enum(['product_test', 'packaging_vote', 'other']);

export const cocreateInvitation = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  kind: cocreateKind,
  levels: z.array(z.string()),
  seats: z.int(),
  closesAt: instant,
  createdBy: z.uuid(),
  createdAt: instant,
}).meta({ id: 'TrustCocreateInvitation' });

/** An open invitation her level qualifies for, with her answer (null before she answers). */
export const myCocreateInvitation = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  kind: cocreateKind,
  levels: z.array(z.string()),
  seats: z.int(),
  closesAt: instant,
  accepted: z.boolean().nullable(),
  /** Seats taken. */
  taken: z.int(),
}).meta({ id: 'TrustMyCocreateInvitation' });

export const cocreateAnswer = z.object({ invitationId: z.uuid(), accepted: z.boolean() });
export const leaderOverviewList = itemsOf(leaderOverview);
export const recommendationList = itemsOf(recommendation);
export const myCocreateList = itemsOf(myCocreateInvitation);
