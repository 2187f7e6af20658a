export type OrderStatus = 'pending_payment' | 'paid' | 'confirmed' | 'ready_for_pickup' | 'picked_up' | 'cancelled' | 'refunded';
export type GroupBuyStatus = 'scheduled' | 'open' | 'closed' | 'arrived' | 'cancelled';

export interface Me {
  user: {
    id: string; name: string; phoneMasked: string; isOperator: boolean;
    /** "MM-DD" when she gave one (PATCH /api/me stores month and day only); absent when the server does not say. */
    birthday?: string | null;
  };
  communities: { id: string; name: string; address: string; timeZone: string; pickupPointName: string; pickupPointAddress: string; pickupHours: string; role: 'resident' | 'leader'; title: string }[];
  suppliers: { id: string; companyName: string; status: 'draft' | 'submitted' | 'more_info_requested' | 'approved' | 'rejected' | 'suspended' }[];
}

export interface Product {
  id: string; name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[]; listPriceFen: number; active: boolean;
}

export interface GroupBuy {
  id: string; communityId: string; productId: string; leaderId: string; title: string; note: string; priceFen: number;
  stockTotal: number; stockAvailable: number; perPersonLimit: number; opensAt: string; cutoffAt: string;
  pickupStartAt: string; pickupEndAt: string; status: GroupBuyStatus; closedAt: string | null; arrivedAt: string | null;
  soldQuantity: number; buyerCount: number;
  product: { name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[]; listPriceFen: number };
}

export interface Order {
  id: string; communityId: string; groupBuyId: string; quantity: number; unitPriceFen: number; totalFen: number; status: OrderStatus;
  pickupCode: string | null; paymentDueAt: string; paidAt: string | null; cancelledAt: string | null; cancelReason: string | null;
  pickedUpAt: string | null; createdAt: string; pickupQrDataUrl?: string | null;
  /** Units refunded for a short delivery, when the server reports it. */
  refundedQuantity?: number;
  groupBuy: { title: string; status: GroupBuyStatus; cutoffAt: string; pickupStartAt: string; pickupEndAt: string; productName: string; spec: string; unit: string; imageUrls: string[] };
}

export interface Community {
  id: string; name: string; address: string; timeZone: string; pickupPointName: string; pickupPointAddress: string; pickupHours: string;
  inviteCode?: string; leaders: { userId: string; name: string; title: string }[]; myRole: 'resident' | 'leader' | null;
}

export interface Page<T> { items: T[]; hasMore: boolean }

/** A leader's trial of a product (团长背书), as returned by the endorsements API and inside a group buy. */
export interface Endorsement {
  id: string; communityId: string; productId: string; rating: number; story: string; photoUrls: string[]; createdAt: string;
  withdrawnAt: string | null; withdrawReason: string | null; leaderId: string; leaderName: string; leaderTitle: string | null;
  productName: string; communityName: string;
}

/** GET /api/group-buys/:id: the group buy plus the standing endorsement and the batch it is sold from. */
export type GroupBuyDetail = GroupBuy & {
  batchId?: string | null; batchCode?: string | null; myQuantity?: number;
  endorsement: Pick<Endorsement, 'leaderName' | 'leaderTitle' | 'rating' | 'story' | 'photoUrls' | 'createdAt'> | null;
};

/** GET /api/products (leaders): the platform's product pool with its quality facts. */
export type CatalogProduct = Product & {
  supplierId?: string | null; category?: string; shelfLifeDays?: number | null; storage?: string; standards?: string[]; createdAt?: string;
};

/** GET /api/trace/:code — the public traceability view of one batch. */
export interface Traceability {
  id: string; code: string; producedAt: string; quantity: number; sourcePlace: string; status: string; reviewedAt: string | null;
  productId: string; productName: string; spec: string; origin: string; category: string; standards: string[];
  shelfLifeDays: number | null; storage: string; imageUrls: string[]; supplierName: string | null; supplierRegion: string | null;
  endorsements: { leaderName: string; leaderTitle: string | null; rating: number; story: string; photoUrls: string[]; createdAt: string; communityName: string }[];
  inspections: { lab: string; inspectedAt: string; result: 'pass' | 'fail'; summary: string; reportUrl: string }[];
  logistics: { kind: 'left_farm' | 'temperature' | 'arrived_warehouse' | 'arrived_pickup'; occurredAt: string; place: string; temperatureC: number | null; note: string; communityName: string | null }[];
}

/** GET /api/notifications */
export interface Notice {
  id: string; kind: string; title: string; body: string; link: string | null; createdAt: string; readAt: string | null;
}
export interface NoticeList { unread: number; items: Notice[] }

/** GET /api/communities/:id/pick-list?date= */
export interface PickList {
  date: string;
  community: { id: string; name: string; pickupPointName: string; pickupPointAddress: string };
  residents: { name: string; phoneMasked: string; pickupCodes: string[]; pickedUp: boolean; items: { productName: string; spec: string; unit: string; quantity: number; batchCode: string | null }[] }[];
  totals: { productName: string; spec: string; unit: string; quantity: number; batchCode: string | null }[];
}

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

/* ───────────── Issue #10: group buys with items, baskets, orders with lines, one hand-over ─────────────
 * The contract in notes/context.md. `GroupBuy`, `GroupBuyDetail` and `Order` above are the shapes from
 * before #10 (one product per group buy, one line per order) and are kept only until every page moves
 * to the types below. */

/** Status of one order line (the order itself is only pending_payment | paid | cancelled). */
export type LineStatus = OrderStatus | 'not_collected';
export type OrderPaymentStatus = 'pending_payment' | 'paid' | 'cancelled';
/** Where the whole order stands, summarised by the server from its lines. */
export type OrderProgress = 'pending_payment' | 'cancelled' | 'waiting' | 'ready' | 'partly_collected' | 'collected' | 'refunded' | 'not_collected';

/** The leader's trial of an item's product, inside a group buy. */
export interface ItemEndorsement {
  leaderName: string; rating: number; story: string; photoUrls: string[];
  leaderTitle?: string | null; createdAt?: string;
}

/** One item of a group buy (GroupBuyView.items). */
export interface GroupBuyItemView {
  id: string; groupBuyId: string; position: number; productId: string; batchId: string | null; batchCode: string | null;
  priceFen: number; stockTotal: number; stockAvailable: number; perPersonLimit: number;
  /** Units paid and not refunded. */
  soldQuantity: number;
  arrivedAt: string | null;
  /** Detail only: units she holds (pending or paid). */
  myQuantity?: number;
  product: {
    name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[]; listPriceFen: number;
    category?: string; standards?: string[];
  };
  endorsement: ItemEndorsement | null;
}

/** GET /api/group-buys/:id and the items of GET /api/communities/:id/group-buys. */
export interface GroupBuyView {
  id: string; communityId: string; leaderId: string; title: string; note: string; status: GroupBuyStatus; priorityMinutes: number;
  opensAt: string; cutoffAt: string; closedAt: string | null; pickupStartAt: string; pickupEndAt: string; arrivedAt: string | null; createdAt: string;
  /** Units paid and not refunded, over all items. */
  soldQuantity: number;
  /** Paid orders. */
  buyerCount: number;
  items: GroupBuyItemView[];
}

export type BasketProblem = 'closed' | 'not_open' | 'sold_out' | 'short' | 'over_limit' | 'inactive';

/** One line of her basket (GET /api/communities/:id/basket). */
export interface BasketLine {
  itemId: string; groupBuyId: string; quantity: number; priceFen: number; lineTotalFen: number;
  title: string; cutoffAt: string; pickupStartAt: string; pickupEndAt: string;
  product: { name: string; spec: string; unit: string; imageUrls: string[] };
  stockAvailable: number; perPersonLimit: number;
  /** Units of this item she already holds in orders. */
  heldQuantity: number;
  /** What she could still buy of it now. */
  available: number;
  problem: BasketProblem | null;
}

export interface BasketView { lines: BasketLine[]; totalFen: number; count: number }

export interface OrderLineView {
  id: string; orderId: string; groupBuyId: string; itemId: string;
  /** 跟团号, given at payment. */
  groupNumber: number | null;
  quantity: number; refundedQuantity: number; unitPriceFen: number; totalFen: number; status: LineStatus;
  paidAt: string | null; pickedUpAt: string | null; cancelledAt: string | null; cancelReason: string | null; handoverId: string | null;
  groupBuy: { title: string; status: GroupBuyStatus; cutoffAt: string; closedAt: string | null; pickupStartAt: string; pickupEndAt: string };
  product: { id: string; name: string; spec: string; unit: string; imageUrls: string[]; category: string };
  batchId: string | null;
}

/** GET /api/orders/:id; GET /api/orders?page= → Page<OrderView>. One checkout = one order = one payment. */
export interface OrderView {
  id: string; communityId: string; status: OrderPaymentStatus; progress: OrderProgress; note: string;
  totalFen: number; refundedFen: number; paymentDueAt: string; paidAt: string | null; cancelledAt: string | null;
  cancelReason: string | null; createdAt: string;
  lines: OrderLineView[];
}

export interface PaymentStartView { paymentId: string; payUrl: string; amountFen: number }

/** POST /api/communities/:id/checkout and POST /api/group-buys/:id/orders (201, or 200 when replayed). */
export interface CheckoutResult { order: OrderView; payment: PaymentStartView | null; replayed: boolean }

/** details of the 409 order.lines_short answer: nothing was taken. */
export interface ShortLine {
  itemId: string; title: string; productName: string; requested: number; available: number;
  reason: 'sold_out' | 'over_limit' | 'closed' | 'not_open' | 'inactive';
}

/** GET /api/communities/:id/pickup-code: one rotating code for everything ready for her there. */
export interface PickupCodeView {
  code: string; qrDataUrl: string; expiresAt: string; stepSeconds: number;
  ready: { lineId: string; groupNumber: number | null; title: string; productName: string; spec: string; unit: string; quantity: number }[];
}

/** 代取: a one-time pass for someone collecting for her. */
export interface PickupPass { id: string; collector: string | null; expiresAt: string; revokedAt: string | null; usedAt: string | null; createdAt: string }
/** POST /api/communities/:id/pickup-passes: the code is shown this once. */
export interface PickupPassCreated { id: string; code: string; expiresAt: string; qrDataUrl: string; collector: string | null }

/** GET /api/me/handovers?status=awaiting_confirmation: hand-overs the leader recorded without her code. */
export interface AwaitingHandover {
  id: string; communityId: string; leaderName: string; createdAt: string; settleDueAt: string;
  lines: { lineId: string; groupNumber: number | null; productName: string; quantity: number }[];
}
