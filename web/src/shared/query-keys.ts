/**
 * Every React Query key of the web app, one factory per domain. A factory's `all` starts every key
 * below it, and the narrower prefixes (a community's group buys, one claim in every language …)
 * start the lists under them, so a mutation invalidates a prefix and every related list refreshes,
 * whichever page (resident, leader, console, supplier) cached it. Pages never write a key inline:
 * a typo'd inline key silently stops matching (query-keys.test.ts checks that none is left).
 *
 * Two pages share a key only when they ask the same endpoint and keep the same data (a `select`
 * may reshape it per page); a queryFn that reshapes the answer gets its own key.
 */

type Id = string | null | undefined;

/** Who is signed in (GET /api/me); invalidating it after joining or applying refreshes her trust too. */
export const meKeys = {
  all: ['me'] as const,
  /** GET /api/me/trust */
  trust: () => [...meKeys.all, 'trust'] as const,
};

export const communityKeys = {
  all: ['communities'] as const,
  /** GET /api/communities (the console's list) */
  list: () => [...communityKeys.all, 'list'] as const,
  /** GET /api/communities/:id */
  detail: (id: string) => [...communityKeys.all, 'detail', id] as const,
  members: (id: Id) => [...communityKeys.all, 'members', id] as const,
  /** GET /api/communities/:id/invite — the leader's and the console's invitation kit. */
  invite: (id: string) => [...communityKeys.all, 'invite', id] as const,
  /** GET /api/invites/:code — what an invitation link shows before joining. */
  invitation: (code: string) => [...communityKeys.all, 'invitation', code] as const,
  /** GET /api/communities/:id/welcome-gift (the raw answer; residents select the gift). */
  welcomeGift: (id: string) => [...communityKeys.all, 'welcome-gift', id] as const,
};

export const groupBuyKeys = {
  all: ['group-buys'] as const,
  /** Prefix of every list of one community's group buys. */
  community: (communityId: string) => [...groupBuyKeys.all, 'community', communityId] as const,
  /** GET /api/communities/:id/group-buys?filter= in pages of 10 (residents' home and the leader's dashboard). */
  list: (communityId: string, filter: string) => [...groupBuyKeys.community(communityId), 'list', filter] as const,
  /** The current ones, up to 100, for picking one to link to. */
  pickable: (communityId: string) => [...groupBuyKeys.community(communityId), 'pickable'] as const,
  /** GET /api/group-buys/:id, and (below it) its orders, roll call and share card. */
  detail: (id: Id) => [...groupBuyKeys.all, 'detail', id] as const,
  orders: (id: Id) => [...groupBuyKeys.detail(id), 'orders'] as const,
  rollCall: (id: string, version?: string) => (version === undefined
    ? [...groupBuyKeys.detail(id), 'roll-call'] as const
    : [...groupBuyKeys.detail(id), 'roll-call', version] as const),
  share: (id: string, locale: string, roll: string) => [...groupBuyKeys.detail(id), 'share', locale, roll] as const,
};

/** Her basket lives on the server (one per community), so it survives a reload and another phone. */
export const basketKeys = {
  all: ['basket'] as const,
  of: (communityId: string) => [...basketKeys.all, communityId] as const,
};

export const orderKeys = {
  all: ['orders'] as const,
  /** Her orders (GET /api/orders). */
  list: () => [...orderKeys.all, 'list'] as const,
  detail: (id: string) => [...orderKeys.all, 'detail', id] as const,
};

export const paymentKeys = {
  all: ['payments'] as const,
  detail: (id: string) => [...paymentKeys.all, id] as const,
};

/** Her rotating pickup code and her 代取 passes, per community (pickup point). */
export const pickupKeys = {
  all: ['pickup'] as const,
  code: (communityId: string) => [...pickupKeys.all, 'code', communityId] as const,
  passes: (communityId: string) => [...pickupKeys.all, 'passes', communityId] as const,
};

/** Hand-overs: hers waiting for her word, and the leader's pickup point (pending, deliveries, pick list, labels). */
export const handoverKeys = {
  all: ['handovers'] as const,
  awaiting: () => [...handoverKeys.all, 'awaiting'] as const,
  community: (communityId: string) => [...handoverKeys.all, 'community', communityId] as const,
  pending: (communityId: string) => [...handoverKeys.community(communityId), 'pending'] as const,
  deliveries: (communityId: string) => [...handoverKeys.community(communityId), 'deliveries'] as const,
  pickList: (communityId: string, date: string) => [...handoverKeys.community(communityId), 'pick-list', date] as const,
  labels: (communityId: string, date: string) => [...handoverKeys.community(communityId), 'labels', date] as const,
};

/**
 * After-sales claims. Texts the server writes (reasons, labels) come in the UI language, so the
 * language is part of the keys that carry them: switching refetches.
 */
export const claimKeys = {
  all: ['claims'] as const,
  /** Prefix of one claim in every language. */
  claim: (id: Id) => [...claimKeys.all, 'detail', id] as const,
  /** GET /api/claims/:id (resident, leader and console). */
  detail: (id: Id, lang: string) => [...claimKeys.claim(id), lang] as const,
  mine: (lang: string) => [...claimKeys.all, 'mine', lang] as const,
  forOrder: (orderId: string) => [...claimKeys.all, 'order', orderId] as const,
  forLine: (lineId: string) => [...claimKeys.all, 'line', lineId] as const,
  /** Prefix of a leader's community inbox (lists and the dashboard count). */
  community: (communityId: string) => [...claimKeys.all, 'community', communityId] as const,
  inbox: (communityId: string, filter: 'open' | 'all', lang: string) => [...claimKeys.community(communityId), 'list', filter, lang] as const,
  summary: (communityId: string) => [...claimKeys.community(communityId), 'summary'] as const,
  /** The platform's queue (prefix), and one tab's page of it. */
  queue: () => [...claimKeys.all, 'queue'] as const,
  queuePage: (tab: string, page: number) => [...claimKeys.queue(), tab, page] as const,
};

/** The guarantee: its rules (public, and the console's versions) and the fund. */
export const guaranteeKeys = {
  all: ['guarantee'] as const,
  /** Prefix of every reading of the rules. */
  rules: () => [...guaranteeKeys.all, 'rules'] as const,
  /** GET /api/guarantee-rules, in the UI language. */
  publicRules: (lang: string) => [...guaranteeKeys.rules(), 'public', lang] as const,
  /** GET /api/console/guarantee-rules, and (below it) one rule's versions. */
  consoleRules: () => [...guaranteeKeys.rules(), 'console'] as const,
  versions: (key: Id) => [...guaranteeKeys.consoleRules(), 'versions', key] as const,
  /** GET /api/campaigns/:slug/guarantee, in the UI language. */
  campaignRules: (slug: string, lang: string) => [...guaranteeKeys.rules(), 'campaign', slug, lang] as const,
  /** GET /api/order-lines/:id/guarantees */
  line: (lineId: Id) => [...guaranteeKeys.all, 'line', lineId] as const,
  fund: () => [...guaranteeKeys.all, 'fund'] as const,
  fundPage: (page: number) => [...guaranteeKeys.fund(), page] as const,
};

/** 邻里圈: the feed, posts, open questions and reports. */
export const feedKeys = {
  all: ['feed'] as const,
  /** Prefix of every feed list (all hold pages of posts, so a post can be patched in all of them). */
  lists: () => [...feedKeys.all, 'list'] as const,
  community: (communityId: string) => [...feedKeys.lists(), communityId] as const,
  list: (communityId: string, kind: string) => [...feedKeys.community(communityId), kind] as const,
  post: (id: string) => [...feedKeys.all, 'post', id] as const,
  questions: (communityId: string) => [...feedKeys.all, 'questions', communityId] as const,
  /** Open reports: a leader's community, or (no id) the console's every community. */
  reportsAll: () => [...feedKeys.all, 'reports'] as const,
  reports: (communityId?: string) => [...feedKeys.reportsAll(), communityId ?? '*'] as const,
};

/** Community events (gatherings). */
export const eventKeys = {
  all: ['events'] as const,
  lists: () => [...eventKeys.all, 'list'] as const,
  community: (communityId: string) => [...eventKeys.lists(), communityId] as const,
  list: (communityId: string, scope: string) => [...eventKeys.community(communityId), scope] as const,
  detail: (id: string) => [...eventKeys.all, 'detail', id] as const,
  attendees: (id: string) => [...eventKeys.detail(id), 'attendees'] as const,
};

export const noticeKeys = {
  all: ['notices'] as const,
  list: () => [...noticeKeys.all, 'list'] as const,
  /** Labels come from the server in the UI language. */
  settings: (lang: string) => [...noticeKeys.all, 'settings', lang] as const,
};

/** Leaders' public side: profiles (in the reader's language) and trial endorsements. */
export const leaderKeys = {
  all: ['leaders'] as const,
  profiles: () => [...leaderKeys.all, 'profile'] as const,
  profile: (communityId: string, userId: string, lang: string) => [...leaderKeys.profiles(), communityId, userId, lang] as const,
  endorsements: (communityId: string) => [...leaderKeys.all, 'endorsements', communityId] as const,
};

/** Trust: leaders' trust index, residents' tags, recommendations and co-creation. */
export const trustKeys = {
  all: ['trust'] as const,
  /** GET /api/leaders/trust-index (every leader, for the console). */
  leaders: () => [...trustKeys.all, 'leaders'] as const,
  /** GET /api/leaders/:id/trust-index (his page and the console's drawer). */
  leaderIndex: (leaderId: Id) => [...trustKeys.all, 'leader', leaderId] as const,
  tagRules: () => [...trustKeys.all, 'tag-rules'] as const,
  recommendations: (communityId: string, lang: string) => [...trustKeys.all, 'recommendations', communityId, lang] as const,
  cocreate: () => [...trustKeys.all, 'cocreate'] as const,
};

/** Measures: NPS, monthly after-sales and complaint rates, survey rounds. */
export const metricsKeys = {
  all: ['metrics'] as const,
  /** A leader's own community: NPS and the last months (keyed by the first month shown). */
  leaderNps: (communityId: string) => [...metricsKeys.all, 'nps', 'leader', communityId] as const,
  leaderMonthly: (communityId: string, firstMonth: string) => [...metricsKeys.all, 'monthly', 'leader', communityId, firstMonth] as const,
  /** The console's dashboard slices. */
  monthly: (by: string, scopeId: Id, from: string, to: string) => [...metricsKeys.all, 'monthly', by, scopeId, from, to] as const,
  nps: (subject: string, by: string, scopeId: Id, from: string, to: string) => [...metricsKeys.all, 'nps', subject, by, scopeId, from, to] as const,
  /** GET /api/surveys/pending (the survey she is invited to). */
  pendingSurvey: () => [...metricsKeys.all, 'surveys', 'pending'] as const,
  /** GET /api/console/nps-surveys */
  surveyRounds: () => [...metricsKeys.all, 'surveys', 'rounds'] as const,
};

/** Training: leaders' courses, the console's course editor, honours. */
export const trainingKeys = {
  all: ['training'] as const,
  /** GET /api/training/courses (the leader's, with his enrolment). */
  courses: () => [...trainingKeys.all, 'courses'] as const,
  course: (id: string) => [...trainingKeys.all, 'course', id] as const,
  /** GET /api/console/courses and one course for editing. */
  consoleCourses: () => [...trainingKeys.all, 'console', 'courses'] as const,
  consoleCourse: (id: Id) => [...trainingKeys.all, 'console', 'course', id] as const,
  /** Every honours query starts here; the list and grants carry the language their rules in words are in. */
  honours: () => [...trainingKeys.all, 'honours'] as const,
  honoursList: (lang: string) => [...trainingKeys.honours(), 'list', lang] as const,
  grants: (honourId: Id, lang?: string) => (lang === undefined
    ? [...trainingKeys.honours(), 'grants', honourId] as const
    : [...trainingKeys.honours(), 'grants', honourId, lang] as const),
  leaderFacts: (leaderId: Id, honourId: string, lang: string) => [...trainingKeys.all, 'leader-facts', leaderId, honourId, lang] as const,
};

/** The catalogue (GET /api/products). */
export const productKeys = {
  all: ['products'] as const,
  list: () => [...productKeys.all, 'list'] as const,
};

export const supplierKeys = {
  all: ['suppliers'] as const,
  /** GET /api/suppliers (no status: every supplier). */
  list: (status?: string) => [...supplierKeys.all, 'list', status ?? '*'] as const,
  /** GET /api/suppliers/:id, and (below it) its products. */
  detail: (id: Id) => [...supplierKeys.all, 'detail', id] as const,
  products: (id: string) => [...supplierKeys.detail(id), 'products'] as const,
};

/** Batches (quality): a supplier's and the console's lists, and one batch. */
export const batchKeys = {
  all: ['batches'] as const,
  lists: () => [...batchKeys.all, 'list'] as const,
  ofSupplier: (supplierId: string) => [...batchKeys.lists(), 'supplier', supplierId] as const,
  supplierList: (supplierId: string, status: string, productId: string) => [...batchKeys.ofSupplier(supplierId), status, productId] as const,
  review: (status: string) => [...batchKeys.lists(), 'review', status] as const,
  detail: (id: Id) => [...batchKeys.all, 'detail', id] as const,
};

export const purchaseOrderKeys = {
  all: ['purchase-orders'] as const,
  lists: () => [...purchaseOrderKeys.all, 'list'] as const,
  ofSupplier: (supplierId: string) => [...purchaseOrderKeys.lists(), 'supplier', supplierId] as const,
  supplierList: (supplierId: string, status: string) => [...purchaseOrderKeys.ofSupplier(supplierId), status] as const,
  /** The platform's list over every supplier. */
  everySupplier: (status: string) => [...purchaseOrderKeys.lists(), 'all', status] as const,
  detail: (id: Id) => [...purchaseOrderKeys.all, 'detail', id] as const,
};

/** The public traceability page of a batch code. */
export const traceKeys = {
  all: ['trace'] as const,
  code: (code: string) => [...traceKeys.all, code] as const,
};

/** The server's limits (GET /api/limits), read once. */
export const limitsKeys = {
  all: ['limits'] as const,
};

/** The leader's order list (GET /api/communities/:id/leader-orders…): the query string is part of the key. */
export const leaderOrderKeys = {
  all: ['leader-orders'] as const,
  community: (communityId: string) => [...leaderOrderKeys.all, communityId] as const,
  /** A page of the list for one filter (`query` is the URL's query string). */
  list: (communityId: string, query: string) => [...leaderOrderKeys.community(communityId), 'list', query] as const,
  /** GET …/leader-orders/filters: his group buys and pickup points. */
  filters: (communityId: string) => [...leaderOrderKeys.community(communityId), 'filters'] as const,
  /** GET …/leader-orders/print: labels and slips of a pickup day, in the UI language. */
  print: (communityId: string, query: string, lang: string) => [...leaderOrderKeys.community(communityId), 'print', query, lang] as const,
  /** One order as his community's leader works with it (detail, cancel, refund). */
  detail: (communityId: string, orderId: string, lang: string) => [...leaderOrderKeys.all, 'detail', communityId, orderId, lang] as const,
};

/** A leader's earnings (GET /api/communities/:id/earnings) and payouts; the console's payouts and reconciliation. */
export const earningsKeys = {
  all: ['earnings'] as const,
  community: (communityId: string) => [...earningsKeys.all, 'community', communityId] as const,
  period: (communityId: string, period: string, date: string) => [...earningsKeys.community(communityId), 'period', period, date] as const,
  payouts: (communityId: string) => [...earningsKeys.community(communityId), 'payouts'] as const,
  console: () => [...earningsKeys.all, 'console'] as const,
  consoleList: (filter: string) => [...earningsKeys.console(), 'list', filter] as const,
  reconciliation: () => [...earningsKeys.console(), 'reconciliation'] as const,
};

/** A leader's drafts, the changes made to a group buy, and what a price drop would refund. */
export const groupBuyEditKeys = {
  all: ['group-buy-edits'] as const,
  drafts: (communityId: string) => [...groupBuyEditKeys.all, 'drafts', communityId] as const,
  draft: (id: Id) => [...groupBuyEditKeys.all, 'draft', id] as const,
  changes: (groupBuyId: Id) => [...groupBuyEditKeys.all, 'changes', groupBuyId] as const,
  priceDrop: (groupBuyId: string, itemId: string, priceFen: string) => [...groupBuyEditKeys.all, 'price-drop', groupBuyId, itemId, priceFen] as const,
};

/** Private messages between a resident and her leaders: her conversation, the leaders' inbox, one conversation. */
export const messageKeys = {
  all: ['messages'] as const,
  mine: (communityId: string) => [...messageKeys.all, 'mine', communityId] as const,
  inbox: (communityId: string) => [...messageKeys.all, 'inbox', communityId] as const,
  conversation: (conversationId: string) => [...messageKeys.all, 'conversation', conversationId] as const,
};

/** Pickup points (自提点), door delivery (送货上门) and the choice at checkout, per community. */
export const pickupPointKeys = {
  all: ['pickup-points'] as const,
  /** Prefix of everything about one community's points and delivery. */
  community: (communityId: string) => [...pickupPointKeys.all, communityId] as const,
  /** GET /api/communities/:id/pickup-points */
  list: (communityId: string) => [...pickupPointKeys.community(communityId), 'list'] as const,
  /** GET /api/communities/:id/delivery-settings */
  delivery: (communityId: string) => [...pickupPointKeys.community(communityId), 'delivery'] as const,
  /** GET /api/communities/:id/fulfilment-options (her choice at checkout) */
  options: (communityId: string) => [...pickupPointKeys.community(communityId), 'options'] as const,
  /** GET /api/communities/:id/door-deliveries (the leader's list by slot) */
  doorList: (communityId: string) => [...pickupPointKeys.community(communityId), 'door-list'] as const,
};

/** The leader's morning dashboard and residents' search. */
export const morningKeys = {
  all: ['morning'] as const,
  /** GET /api/communities/:id/leader-dashboard */
  dashboard: (communityId: string) => [...morningKeys.all, 'dashboard', communityId] as const,
  /** The same in one language (its texts are written server-side in the reader's language). */
  dashboardIn: (communityId: string, lang: string) => [...morningKeys.dashboard(communityId), lang] as const,
  /** GET /api/communities/:id/search?q= */
  search: (communityId: string, q: string) => [...morningKeys.all, 'search', communityId, q] as const,
  /** GET /api/group-buy-items/:id/restock-alert — her 到货提醒 on one item. */
  alert: (itemId: string) => [...morningKeys.all, 'alert', itemId] as const,
};

/** Members he knows: her name and 门牌 in a community, the leaders' members page. */
export const memberKeys = {
  all: ['members'] as const,
  /** GET /api/communities/:id/me */
  mine: (communityId: string) => [...memberKeys.all, 'mine', communityId] as const,
  /** GET /api/communities/:id/members/directory (pages of one search) */
  directory: (communityId: string, q: string) => [...memberKeys.all, 'directory', communityId, q] as const,
};

/** Reviews: hers (to write and edit) and each product's (on the group buy page), and the console's queue. */
export const reviewKeys = {
  all: ['reviews'] as const,
  /** GET /api/me/reviews and /api/me/reviewable-lines, and an order's review states below them. */
  mine: () => [...reviewKeys.all, 'mine'] as const,
  myList: () => [...reviewKeys.mine(), 'list'] as const,
  reviewable: () => [...reviewKeys.mine(), 'reviewable'] as const,
  /** GET /api/orders/:id/review-states */
  orderStates: (orderId: string) => [...reviewKeys.mine(), 'order', orderId] as const,
  /** GET /api/reviews/:id (her own, with earlier versions) */
  detail: (id: string) => [...reviewKeys.mine(), 'detail', id] as const,
  /** GET /api/group-buys/:id/review-summaries and …/items/:itemId/reviews (pages). */
  groupBuy: (groupBuyId: string) => [...reviewKeys.all, 'group-buy', groupBuyId] as const,
  summaries: (groupBuyId: string) => [...reviewKeys.groupBuy(groupBuyId), 'summaries'] as const,
  item: (groupBuyId: string, itemId: string) => [...reviewKeys.groupBuy(groupBuyId), 'item', itemId] as const,
  /** GET /api/console/reviews?status=&page= */
  console: (status: string, page: string) => [...reviewKeys.all, 'console', status, page] as const,
};

/** Standards products must prove (quality module). */
export const standardsKeys = {
  all: ['standards'] as const,
  /** GET /api/standards (console) */
  list: () => [...standardsKeys.all, 'list'] as const,
  /** GET /api/standards/vocabulary */
  vocabulary: () => [...standardsKeys.all, 'vocabulary'] as const,
  /** GET /api/standards/review-queue (console) */
  queue: () => [...standardsKeys.all, 'queue'] as const,
  /** GET /api/standards/proven?productIds=… (public) */
  proven: (productIds: string[]) => [...standardsKeys.all, 'proven', [...productIds].sort().join(',')] as const,
  /** GET /api/suppliers/:id/standards */
  ofSupplier: (supplierId: Id) => [...standardsKeys.all, 'supplier', supplierId] as const,
  /** GET /api/products/:id/certificates */
  certificates: (productId: Id) => [...standardsKeys.all, 'certificates', productId] as const,
};

/** The community ledger: its published key, a receipt of mine, the operators' overview. */
export const ledgerKeys = {
  all: ['ledger'] as const,
  /** GET /api/ledger/public-key */
  publicKey: ['ledger', 'public-key'] as const,
  /** GET /api/ledger/receipts/:source/:id */
  receipt: (source: string, id: string) => [...ledgerKeys.all, 'receipt', source, id] as const,
  /** GET /api/console/ledger */
  overview: ['ledger', 'overview'] as const,
};

export const pointsKeys = {
  all: ['points'] as const,
  /** GET /api/communities/:id/points (her balance, history, how to earn) */
  mine: (communityId: Id) => [...pointsKeys.all, 'mine', communityId] as const,
  /** GET /api/points/services */
  services: () => [...pointsKeys.all, 'services'] as const,
  /** GET /api/console/points/services */
  consoleServices: () => [...pointsKeys.all, 'console-services'] as const,
};

/** 社区提案 (residents, leaders) and the console's queue of their results. */
export const proposalKeys = {
  all: ['proposals'] as const,
  /** GET /api/communities/:id/proposals */
  community: (communityId: string) => [...proposalKeys.all, 'community', communityId] as const,
  /** GET /api/communities/:id/governance/eligibility */
  eligibility: (communityId: string) => [...proposalKeys.all, 'eligibility', communityId] as const,
  /** GET /api/proposals/:id */
  detail: (id: string) => [...proposalKeys.all, 'detail', id] as const,
  /** GET /api/proposals/:id/recount */
  recount: (id: string) => [...proposalKeys.all, 'recount', id] as const,
  /** GET /api/console/governance/effects?status= */
  effects: (status: string) => [...proposalKeys.all, 'effects', status] as const,
};

/** A campaign's source visits (溯源之旅). */
export const visitKeys = {
  all: ['campaign-visits'] as const,
  /** GET /api/campaign-visits/options */
  options: () => [...visitKeys.all, 'options'] as const,
  /** GET /api/campaigns/:slug/visits?scope=&page= (the console's list) */
  page: (slug: string, scope: string, page: number) => [...visitKeys.all, slug, scope, page] as const,
};

/** Scenario bundles: a campaign's (console, leader) and those sold in her community (resident). */
export const bundleKeys = {
  all: ['campaign-bundles'] as const,
  /** GET /api/campaigns/:id/bundles */
  ofCampaign: (campaignId: string) => [...bundleKeys.all, campaignId] as const,
  /** GET /api/campaigns/by-slug/:slug/bundles/communities/:communityId */
  inCommunity: (slug: string, communityId: string | null | undefined) => [...bundleKeys.all, slug, communityId] as const,
};

/** A campaign's results report. */
export const campaignResultKeys = {
  all: ['campaign-results'] as const,
  /** GET /api/campaigns/:id/results?… */
  of: (campaignId: string, query: string) => [...campaignResultKeys.all, campaignId, query] as const,
};

/** KOC stories: a campaign's, a leader's candidates, her own. */
export const storyKeys = {
  all: ['stories'] as const,
  page: (slug: string) => [...storyKeys.all, 'campaign', slug] as const,
  candidates: (communityId: string, slug: string) => [...storyKeys.all, 'candidates', communityId, slug] as const,
  mine: (id: string) => [...storyKeys.all, 'mine', id] as const,
  ofPost: (postId: string) => [...storyKeys.all, 'post', postId] as const,
  taggable: () => [...storyKeys.all, 'taggable'] as const,
};
