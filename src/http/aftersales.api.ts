import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { claimKinds, claimStatuses, ledgerCodes, ruleActions } from '../modules/aftersales/index.js';
import { CLAIM_FACTS } from '../modules/aftersales/index.js';

/** Response shapes of the after-sales routes (claims, guarantee rules, the guarantee fund), as the services return them. */

const faultParty = z.enum(['none', 'leader', 'supplier', 'resident']);
const reviewOutcome = z.enum(['valid', 'invalid', 'fraud']);
const factValues = z.record(z.string(), z.unknown());

/** A photo check on a claim (reuse, EXIF time), with its text in the reader's language. */
export const claimFlag = z.object({
  kind: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.int()])),
  text: z.string(),
}).meta({ id: 'AftersalesClaimFlag' });

/**
 * A claim as its viewer may see it. The handling fields (sampling, review, fault, rule, facts
 * used) are for the leader and operators, absent for the resident; the full facts for operators only.
 */
export const claim = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  orderId: z.uuid(),
  lineId: z.uuid(),
  userId: z.uuid(),
  productId: z.uuid(),
  groupBuyId: z.uuid(),
  batchId: z.uuid().nullable(),
  kind: z.enum(claimKinds),
  quantity: z.int(),
  amountFen: z.int(),
  description: z.string(),
  status: z.enum(claimStatuses),
  ruleKey: z.string().nullable(),
  ruleVersion: z.int().nullable(),
  /** i18n key and parameters of `reason`. */
  reasonKey: z.string(),
  reasonParams: z.record(z.string(), z.union([z.string(), z.int()])),
  flags: z.array(claimFlag),
  pickedUpAt: instant.nullable(),
  deadlineAt: instant.nullable(),
  firstResponseAt: instant.nullable(),
  escalatedAt: instant.nullable(),
  resolvedAt: instant.nullable(),
  resolvedBy: z.enum(['rule', 'leader', 'platform']).nullable(),
  refundedFen: z.int(),
  resolutionNote: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  sampledForReview: z.boolean().optional(),
  reviewOutcome: reviewOutcome.nullable().optional(),
  faultParty: faultParty.nullable().optional(),
  leaderId: z.uuid().nullable().optional(),
  ruleAction: z.enum(ruleActions).nullable().optional(),
  ruleId: z.uuid().nullable().optional(),
  /** The facts the deciding rule read (leaders do not see score facts). */
  factsUsed: factValues.nullable().optional(),
  /** Every fact at decision time: operators only, null for others. */
  facts: factValues.nullable(),
  reason: z.string(),
  statusLabel: z.string(),
  kindLabel: z.string(),
}).meta({ id: 'AftersalesClaim' });

/** Names shown beside a claim: the product (and its picture) and the rule that decided. */
const claimLabels = {
  productName: z.string(),
  productUnit: z.string(),
  productImage: z.string().nullable(),
  ruleName: z.string().nullable(),
  /** The campaign whose guarantee decided (its page: /campaigns/:slug); null for a platform rule. */
  ruleCampaignSlug: z.string().nullable(),
};

export const myClaim = claim.extend(claimLabels).meta({ id: 'AftersalesMyClaim' });

export const claimDetail = z.object({
  claim: claim.extend({ ...claimLabels, residentName: z.string(), communityName: z.string() }),
  viewerRole: z.enum(['resident', 'leader', 'operator']),
  /** What the leader or operator may do; null for the resident. */
  limits: z.object({ leaderRefundLimitFen: z.int() }).nullable(),
  /** The line claimed: one product of her basket, with its 跟团号. */
  line: z.object({
    id: z.uuid(),
    orderId: z.uuid(),
    groupNumber: z.int().nullable(),
    title: z.string(),
    productName: z.string(),
    spec: z.string(),
    unit: z.string(),
    quantity: z.int(),
    refundedQuantity: z.int(),
    unitPriceFen: z.int(),
    totalFen: z.int(),
    status: z.string(),
    pickedUpAt: instant.nullable(),
    imageUrls: z.array(z.string()),
    category: z.string(),
    /** The campaigns she bought it under: their guarantees add to the platform's rules for this line. */
    campaigns: z.array(z.object({ slug: z.string(), name: z.string() })),
  }),
  photos: z.array(z.object({ id: z.uuid(), url: z.string(), thumbUrl: z.string(), takenAt: instant.nullable() })),
  actions: z.array(z.object({
    action: z.string(),
    actorRole: z.enum(['resident', 'rule', 'leader', 'platform', 'system']),
    note: z.string(),
    amountFen: z.int().nullable(),
    at: instant,
  })),
  refund: z.object({ status: z.enum(['pending', 'paid']), amountFen: z.int(), paidAt: instant.nullable() }).nullable(),
}).meta({ id: 'AftersalesClaimDetail' });

/** Which line of an order has a claim, and where it stands. */
export const claimRef = z.object({ id: z.uuid(), lineId: z.uuid(), status: z.enum(claimStatuses) }).meta({ id: 'AftersalesClaimRef' });

export const leaderInbox = z.object({
  /** Claims waiting for the leader. */
  open: z.int(),
  hasMore: z.boolean(),
  items: z.array(claim.extend({ residentName: z.string(), productName: z.string() })),
});

export const platformQueue = z.object({
  counts: z.object({ escalated: z.int(), sampled: z.int() }),
  hasMore: z.boolean(),
  items: z.array(claim.extend({ residentName: z.string(), productName: z.string(), communityName: z.string() })),
});

/** A published contract in plain words (no login needed). */
export const publicGuaranteeRule = z.object({
  key: z.string(),
  version: z.int(),
  name: z.string(),
  description: z.string(),
  action: z.enum(ruleActions),
  reading: z.string(),
  since: instant,
}).meta({ id: 'PublicGuaranteeRule' });

/** A campaign's guarantee in plain words: what adds to the platform rules for lines bought under it. */
export const campaignGuarantee = z.object({
  campaign: z.object({ slug: z.string(), name: z.string(), status: z.enum(['draft', 'published', 'closed']) }),
  rules: z.array(publicGuaranteeRule),
}).meta({ id: 'CampaignGuarantee' });

/** The campaigns a line was bought under, each with its guarantee in words (the platform's rules apply as always). */
export const lineGuarantees = z.object({
  campaigns: z.array(z.object({ slug: z.string(), name: z.string(), rules: z.array(publicGuaranteeRule) })),
}).meta({ id: 'LineGuarantees' });

/** One version of a guarantee rule. */
export const guaranteeRule = z.object({
  id: z.uuid(),
  key: z.string(),
  version: z.int(),
  name: z.string(),
  description: z.string(),
  condition: z.string(),
  action: z.enum(ruleActions),
  priority: z.int(),
  active: z.boolean(),
  /** Null: a platform rule. Otherwise the campaign whose purchases it covers (fixed for the key). */
  campaignId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: instant,
}).meta({ id: 'GuaranteeRule' });

export const consoleRules = z.object({
  /** The facts a condition may read. */
  facts: z.array(z.enum(CLAIM_FACTS)),
  /** The campaigns a rule may be scoped to, newest first. */
  campaigns: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), status: z.enum(['draft', 'published', 'closed']) })),
  rules: z.array(guaranteeRule.extend({ reading: z.string(), decisions: z.int() })),
});

const decisionRef = z.object({ ruleKey: z.string().nullable(), action: z.string() });

export const rulePreview = z.object({
  examined: z.int(),
  changedCount: z.int(),
  byAction: z.record(z.string(), z.object({ before: z.int(), after: z.int() })),
  /** The first 50 claims the draft would decide differently. */
  changed: z.array(z.object({ claimId: z.uuid(), createdAt: instant, kind: z.string(), amountFen: z.int(), before: decisionRef, after: decisionRef })),
}).meta({ id: 'GuaranteeRulePreview' });

export const fundReport = z.object({
  fundBalanceFen: z.int(),
  balances: z.array(z.object({ kind: z.string(), accounts: z.int(), balanceFen: z.int() })),
  byCode: z.array(z.object({ code: z.string(), entries: z.int(), amountFen: z.int() })),
  reconciliation: z.object({
    ledgerRefundsFen: z.int(),
    providerRefundsFen: z.int(),
    providerPaidFen: z.int(),
    pendingRefunds: z.int(),
    balanced: z.boolean(),
    refundsMatch: z.boolean(),
  }),
  movements: z.array(z.object({
    id: z.int(),
    idempotencyKey: z.string(),
    debitAccount: z.string(),
    creditAccount: z.string(),
    amountFen: z.int(),
    code: z.enum(ledgerCodes),
    claimId: z.uuid().nullable(),
    communityId: z.uuid().nullable(),
    memo: z.string(),
    createdBy: z.uuid().nullable(),
    createdAt: instant,
  })),
  /** Names of the people and suppliers behind account ids. */
  accountNames: z.record(z.string(), z.string()),
  hasMore: z.boolean(),
}).meta({ id: 'GuaranteeFundReport' });

export const myClaimList = itemsOf(myClaim);
export const claimRefList = itemsOf(claimRef);
