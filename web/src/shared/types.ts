import type { components } from './api-types';

/**
 * The web app's view of the API. Answers of the server's own routes are the types generated from its
 * OpenAPI description (api-types.ts, `npm run api:types`); only what the description cannot say
 * (error details) and the answers still waiting for their schemas are written here.
 */
type Schemas = components['schemas'];

/** Status of one order line (the order itself is only pending_payment | paid | cancelled). */
export type LineStatus = Schemas['LineStatus'];
/** A line's status before uncollected goods settle as not collected. */
export type OrderStatus = Exclude<LineStatus, 'not_collected'>;
export type GroupBuyStatus = Schemas['GroupBuyStatus'];

export type Me = Schemas['Me'];
/** GET /api/products: the platform's product pool with its quality facts. */
export type Product = Schemas['Product'];
export type CatalogProduct = Product;
export type Community = Schemas['Community'];

export interface Page<T> { items: T[]; hasMore: boolean }

/** A leader's trial of a product (团长背书), as returned by the endorsements API and inside a group buy. */
export type Endorsement = Schemas['Endorsement'];
/** GET /api/trace/:code — the public traceability view of one batch. */
export type Traceability = Schemas['Traceability'];
/** GET /api/notifications */
export type Notice = Schemas['Notice'];
export type NoticeList = Schemas['NoticeList'];
/** GET /api/communities/:id/pick-list?date= */
export type PickList = Schemas['PickList'];

/** GET /api/me/trust — the resident's own trust score with what it is made of (TRUST.md §2). Only she sees it. */
export type ResidentLevel = 'A' | 'B' | 'C' | 'D';
export interface ResidentTrust {
  score: number; level: ResidentLevel;
  /** Beta parameters: α = 4 + decayed good evidence, β = 1 + decayed, severity-weighted bad evidence; mean = α/(α+β). */
  alpha: number; beta: number; mean: number;
  /** Good events that count, and those left out by the 5-per-week cap. */
  goodCounted: number; goodCapped: number;
  issues: { kind: string; occurredAt: string; severity: number }[];
  tenureDays: number; paidOrders: number; instantRefundQuotaYuan: number;
  /** Clean ¥30+ pickups that would reach level A; null when already A or out of reach. */
  ordersToLevelA: number | null;
}

/** GET /api/surveys/pending */
export interface PendingSurvey { subjectType: 'leader'; subjectId: string; orderId: string; question: string; leaderName: string }

/**
 * GET /api/surveys/pending → { survey }: an invitation to a survey round (the platform over a period,
 * or a campaign such as 「丹东草莓季」) comes first; else her leader after a recent pickup.
 * `question` is the exact Chinese wording stored with the answer.
 */
export type NpsSurveySubject = 'leader' | 'platform' | 'campaign';
export interface NpsPrompt {
  subjectType: NpsSurveySubject;
  /** The leader, or the campaign round; null for the platform. */
  subjectId: string | null;
  /** The survey round; null for the after-pickup leader question. */
  surveyId: string | null;
  orderId: string | null;
  question: string;
  leaderName: string | null;
  /** The round's title (campaign or period); null for the leader question. */
  title: string | null;
}

/** GET /api/leaders/:id/trust-index (TRUST.md §4). */
export type LeaderTier = 'gold' | 'silver' | 'standard' | 'watch' | 'rectify';
export type LeaderDimension = 'satisfaction' | 'complaintControl' | 'responseSpeed' | 'activity';
/** TRUST.md's four dimensions plus fulfilment accuracy (履约准确度, F^0.10); readings before it lack it (F = 1). */
export type LeaderFactor = LeaderDimension | 'fulfilment';
export interface LeaderIndexReading {
  id?: string; computedAt: string; indexValue: number;
  /** Each dimension 0–1, and `ln_<dimension>` = w·ln d (the bar). */
  components: Record<LeaderDimension, number> & Partial<Record<`ln_${LeaderDimension}` | 'fulfilment' | 'ln_fulfilment', number>>;
  /**
   * Decayed counts: complaints = claims upheld after review or left past the deadline; claimsOnTime /
   * claimsLate = answered within 30 opening-hour minutes and resolved within 24 h, or not;
   * handedOver / handoverFaults = hand-overs and "missing items" claims upheld.
   */
  inputs: {
    goodRatings: number; badRatings: number; orders: number; qualifiedBuyers30d: number; complaints: number; claimsOnTime?: number; claimsLate?: number;
    handedOver?: number; handoverFaults?: number;
  };
  orders: number; tier: LeaderTier; tierChanged: boolean;
  reason: 'provisional' | 'promoted' | 'demoted' | 'unchanged' | 'initial';
  commissionRate: number;
}
export interface LeaderTrustIndex { weights: Record<LeaderDimension, number> & { fulfilment?: number }; readings: LeaderIndexReading[] }

/** GET /api/metrics/monthly → items: one row per month with data ("YYYY-MM", Asia/Shanghai); rates 0–1 or null without orders. */
export interface MonthlyMeasures {
  month: string; buyers: number; orders: number; gmvFen: number; refundsFen: number;
  claims: number; complaints: number; claimRefundFen: number;
  claimRate: number | null; complaintRate: number | null; repurchaseRate: number | null; aovFen: number | null; arpuFen: number | null; pickupRate: number | null;
}

/** GET /api/metrics/nps — no number below the minimum sample. */
export interface NpsReport {
  n: number; promoters: number; passives: number; detractors: number;
  nps: number | null; marginOfError95: number | null; insufficient: boolean; minSample: number;
}


/* ───────────── Group buys with items, baskets, orders with lines, one hand-over ───────────── */

export type OrderPaymentStatus = Schemas['Order']['status'];
/** Where the whole order stands, summarised by the server from its lines. */
export type OrderProgress = Schemas['Order']['progress'];

/** One item of a group buy; `myQuantity` (units she holds) only in GET /api/group-buys/:id. */
/** A guarantee rule that would decide a claim on an item, in words generated on the server. */
export type ProductGuaranteeView = Schemas['ProductGuarantee'];
export type GroupBuyItemView = Schemas['GroupBuyItem'] & { myQuantity?: number; guarantees?: ProductGuaranteeView[] };
/** The items of GET /api/communities/:id/group-buys, and a group buy just opened or closed. */
export type GroupBuyView = Schemas['GroupBuy'];
/** GET /api/group-buys/:id. */
export type GroupBuyDetail = Schemas['GroupBuyDetail'];

export type BasketProblem = NonNullable<Schemas['BasketLine']['problem']>;
/** One line of her basket (GET /api/communities/:id/basket). */
export type BasketLine = Schemas['BasketLine'];
export type BasketView = Schemas['Basket'];

export type OrderLineView = Schemas['OrderLine'];
/** GET /api/orders/:id; GET /api/orders?page= → Page<OrderView>. One checkout = one order = one payment. */
export type OrderView = Schemas['Order'];
export type PaymentStartView = Schemas['PaymentStart'];
/** POST /api/communities/:id/checkout and POST /api/group-buys/:id/orders (201, or 200 when replayed). */
export type CheckoutResult = Schemas['CheckoutResult'];

/** details of the 409 order.lines_short answer: nothing was taken. */
export interface ShortLine {
  itemId: string; title: string; productName: string; requested: number; available: number;
  reason: 'sold_out' | 'over_limit' | 'closed' | 'not_open' | 'inactive';
}

/** GET /api/communities/:id/pickup-code: one rotating code for everything ready for her there. */
export type PickupCodeView = Schemas['PickupCode'];
/** 代取: a one-time pass for someone collecting for her. */
export type PickupPass = Schemas['PickupPass'];
/** POST /api/communities/:id/pickup-passes: the code is shown this once. */
export type PickupPassCreated = Schemas['PickupPassCreated'];
/** GET /api/me/handovers?status=awaiting_confirmation: hand-overs the leader recorded without her code. */
export type AwaitingHandover = Schemas['MyHandover'];

/** Group buys he can reuse and change: drafts, the change history, a price drop's refunds. */
export type GroupBuyDraft = Schemas['GroupBuyDraft'];
export type GroupBuyDraftContent = Schemas['GroupBuyDraftContent'];
export type GroupBuyChange = Schemas['GroupBuyChange'];
export type PriceDropPreview = Schemas['PriceDropPreview'];
export type BundleOfferView = Schemas['BundleOffer'];
export type BasketBundleView = Schemas['BasketBundle'];
export type CampaignBundleView = Schemas['CampaignBundle'];
