import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';

/**
 * Where each table lives on Citus (docs/scale-out.md). Three classes:
 * - `distributed`: sharded by community_id, all co-located (one neighbourhood on one node);
 * - `reference`: small, read everywhere, copied to every node (catalogue, suppliers, rules …);
 * - `local`: stays on the coordinator (sessions, leases, the event outbox, global ledgers, rollups).
 * src/db/distribution.test.ts fails on a table that is in none of them, and on a key that breaks the
 * rules below unless it is in `knownViolations` (the list the key migrations empty).
 */
export const distributed = [
  // community, membership, leaders
  'memberships', 'member_notes', 'leader_profiles', 'delivery_settings', 'pickup_points', 'pickup_point_staff',
  // group buys and ordering (the hot path)
  'group_buys', 'group_buy_items', 'group_buy_purchases', 'group_buy_changes', 'group_buy_drafts', 'restock_alerts', 'group_buy_bundles', 'group_buy_bundle_parts',
  'basket_items', 'stock_movements', 'orders', 'order_lines', 'order_line_changes', 'basket_bundles', 'campaign_purchases',
  // payments (per order)
  'payments', 'refunds', 'settlements',
  // fulfilment and hand-over
  'handovers', 'pickup_passes', 'pickup_announcements', 'purchase_order_lines',
  // after-sales
  'claims', 'claim_actions', 'claim_photos',
  // reviews, endorsements
  'reviews', 'review_versions', 'review_moderation', 'endorsements',
  // feed, messaging, gatherings
  'posts', 'comments', 'reactions', 'poll_options', 'poll_ballots', 'thread_mutes', 'content_reports', 'post_products', 'campaign_stories',
  'conversations', 'messages', 'gatherings', 'gathering_signups', 'gathering_replays',
  // points, governance, notices, trust evidence, answers
  'points_accounts', 'points_transfers', 'proposals', 'ballots', 'proposal_outcomes', 'governance_effects',
  'notifications', 'nps_answers', 'resident_evidence',
] as const;

export const reference = [
  'users', 'communities', 'stored_files',
  'suppliers', 'supplier_members', 'supplier_documents', 'supplier_reviews', 'purchase_orders',
  'products', 'batches', 'certificates', 'inspections', 'inspection_values', 'standards', 'standard_reviews',
  'campaigns', 'campaign_standards', 'campaign_products', 'campaign_bundles', 'campaign_bundle_products', 'campaign_ambassadors',
  'guarantee_rules', 'guarantee_rule_drafts', 'tag_rules', 'trust_settings', 'points_services',
  'honours', 'honour_grants', 'courses', 'course_lessons', 'quiz_questions', 'nps_surveys',
] as const;

export const local = [
  // identity and request plumbing
  'sessions', 'login_codes', 'pickup_secrets', 'notification_mutes', 'idempotent_requests',
  // platform: outbox, cursors, leases
  'domain_events', 'event_cursors', 'job_leases',
  // the tamper-evident log over every source, and the money ledgers kept per leader / platform
  'ledger_leaves', 'ledger_checkpoints', 'ledger_head', 'ledger_verifications',
  'ledger_accounts', 'ledger_transfers', 'payouts', 'payout_entries', 'fund_entries',
  // per-person rollups across communities
  'resident_profiles', 'leader_index_readings',
  // supplier-side cold chain (write-heavy, before a batch reaches a community)
  'logistics_events',
  // platform-level people data: training, co-creation, survey invitations
  'course_enrolments', 'quiz_attempts', 'cocreate_invitations', 'cocreate_responses', 'nps_invitations',
] as const;

export type Placement = 'distributed' | 'reference' | 'local';

/** Key shape of one table as the rules read it. */
export interface TableShape {
  name: string;
  columns: { name: string; notNull: boolean }[];
  primaryKey: string[] | null;
  uniques: { name: string; columns: string[] }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[] }[];
}

/** Every table exported by a schema module, in key shape. */
export function tableShapes(schema: Record<string, unknown>): TableShape[] {
  const out: TableShape[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const c = getTableConfig(value);
    const columnPk = c.columns.filter((col) => col.primary).map((col) => col.name);
    const compositePk = c.primaryKeys[0]?.columns.map((col) => col.name);
    const uniques = [
      ...c.uniqueConstraints.map((u) => ({ name: u.getName() ?? u.columns.map((x) => x.name).join('_'), columns: u.columns.map((x) => x.name) })),
      ...c.columns.filter((col) => col.isUnique).map((col) => ({ name: col.uniqueName ?? `${c.name}_${col.name}_unique`, columns: [col.name] })),
      ...c.indexes.filter((i) => i.config.unique).map((i) => ({
        name: i.config.name ?? '(unnamed)',
        // An expression index column has no name; it cannot carry community_id as a column.
        columns: i.config.columns.map((x) => ('name' in x && typeof x.name === 'string' ? x.name : '<expression>')),
      })),
    ];
    out.push({
      name: c.name,
      columns: c.columns.map((col) => ({ name: col.name, notNull: col.notNull })),
      primaryKey: compositePk ?? (columnPk.length ? columnPk : null),
      uniques,
      foreignKeys: c.foreignKeys.map((f) => {
        const r = f.reference();
        return { columns: r.columns.map((x) => x.name), table: getTableConfig(r.foreignTable).name, foreignColumns: r.foreignColumns.map((x) => x.name) };
      }),
    });
  }
  return out;
}

export function placementOf(table: string): Placement | null {
  if ((distributed as readonly string[]).includes(table)) return 'distributed';
  if ((reference as readonly string[]).includes(table)) return 'reference';
  if ((local as readonly string[]).includes(table)) return 'local';
  return null;
}

const C = 'community_id';

/**
 * Every break of the Citus rules, one stable string each:
 * - `<t>: not classified` — a table in none of the lists (place it in docs/scale-out.md first);
 * - `<t>: no community_id` / `<t>: community_id nullable` — a distributed table without a usable shard key;
 * - `<t>: primary key (…)` / `<t>: unique <name> (…)` — a distributed table's key without community_id;
 * - `<t>: foreign key (…) -> <u>(…)` — between distributed tables without community_id on both sides,
 *   or one Citus cannot keep at all (distributed → local, reference → distributed/local).
 */
export function violations(shapes: TableShape[]): string[] {
  const out: string[] = [];
  for (const t of shapes) {
    const place = placementOf(t.name);
    if (!place) { out.push(`${t.name}: not classified`); continue; }
    const list = (cols: string[]) => `(${cols.join(', ')})`;
    if (place === 'distributed') {
      const cid = t.columns.find((col) => col.name === C);
      if (!cid) out.push(`${t.name}: no community_id`);
      else if (!cid.notNull) out.push(`${t.name}: community_id nullable`);
      if (t.primaryKey && !t.primaryKey.includes(C)) out.push(`${t.name}: primary key ${list(t.primaryKey)}`);
      for (const u of t.uniques) if (!u.columns.includes(C)) out.push(`${t.name}: unique ${u.name} ${list(u.columns)}`);
    }
    for (const f of t.foreignKeys) {
      const target = placementOf(f.table);
      const fk = `${t.name}: foreign key ${list(f.columns)} -> ${f.table}${list(f.foreignColumns)}`;
      const bothCarry = f.columns.includes(C) && f.foreignColumns.includes(C) && f.columns.indexOf(C) === f.foreignColumns.indexOf(C);
      if (place === 'distributed' && target === 'distributed' && !bothCarry) out.push(fk);
      else if (place === 'distributed' && target === 'local') out.push(fk);
      else if (place === 'reference' && target !== 'reference') out.push(fk);
    }
  }
  return out.sort();
}

/**
 * The breaks known today, each with why it is there and what the key migration does. The schema
 * test requires this list to be exact: a new break fails it, and so does a fixed break left listed.
 */
export const knownViolations: Record<string, string> = {
  'ballots: foreign key (proposal_id) -> proposals(id)': 'becomes (community_id, proposal_id) -> proposals(community_id, id)',
  'ballots: primary key (id)': '(id) becomes (community_id, id)',
  'ballots: unique ballots_one_per_household (proposal_id, household_key)': 'unique within one community: community_id goes first',
  'ballots: unique ballots_one_per_member (proposal_id, user_id)': 'unique within one community: community_id goes first',
  'ballots: unique ballots_seq_key (seq)': 'a global sequence the ledger reads in order; the unique index becomes (community_id, seq)',
  'basket_items: foreign key (item_id) -> group_buy_items(id)': 'becomes (community_id, item_id) -> group_buy_items(community_id, id)',
  'basket_items: unique basket_items_key (user_id, item_id)': 'unique within one community: community_id goes first',
  'claim_actions: foreign key (claim_id) -> claims(id)': 'becomes (community_id, claim_id) -> claims(community_id, id)',
  'claim_actions: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'claim_actions: primary key (id)': '(id) becomes (community_id, id)',
  'claim_photos: foreign key (claim_id) -> claims(id)': 'becomes (community_id, claim_id) -> claims(community_id, id)',
  'claim_photos: primary key (id)': '(id) becomes (community_id, id)',
  'claims: primary key (id)': '(id) becomes (community_id, id)',
  'claims: unique claims_line_key (line_id)': 'one claim per order line, lines live in one community: (community_id, line_id)',
  'comments: foreign key (post_id) -> posts(id)': 'becomes (community_id, post_id) -> posts(community_id, id)',
  'comments: primary key (id)': '(id) becomes (community_id, id)',
  'content_reports: primary key (id)': '(id) becomes (community_id, id)',
  'content_reports: unique content_reports_once (target_type, target_id, reporter_id)': 'unique within one community: community_id goes first',
  'conversations: primary key (id)': '(id) becomes (community_id, id)',
  'endorsements: primary key (id)': '(id) becomes (community_id, id)',
  'gathering_signups: foreign key (gathering_id) -> gatherings(id)': 'becomes (community_id, gathering_id) -> gatherings(community_id, id)',
  'gathering_signups: unique gathering_signups_pk (gathering_id, user_id)': 'unique within one community: community_id goes first',
  'gatherings: primary key (id)': '(id) becomes (community_id, id)',
  'governance_effects: foreign key (proposal_id) -> proposals(id)': 'becomes (community_id, proposal_id) -> proposals(community_id, id)',
  'governance_effects: primary key (id)': '(id) becomes (community_id, id)',
  'governance_effects: unique governance_effects_proposal_key (proposal_id)': 'unique within one community: community_id goes first',
  'group_buy_changes: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'group_buy_changes: primary key (id)': '(id) becomes (community_id, id)',
  'group_buy_drafts: foreign key (opened_group_buy_id) -> group_buys(id)': 'becomes (community_id, opened_group_buy_id) -> group_buys(community_id, id)',
  'group_buy_drafts: foreign key (source_group_buy_id) -> group_buys(id)': 'becomes (community_id, source_group_buy_id) -> group_buys(community_id, id)',
  'group_buy_drafts: primary key (id)': '(id) becomes (community_id, id)',
  'group_buy_items: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'group_buy_items: primary key (id)': '(id) becomes (community_id, id)',
  'group_buy_items: unique group_buy_items_position_key (group_buy_id, position)': 'unique within one community: community_id goes first',
  'group_buy_purchases: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'group_buy_purchases: unique group_buy_purchases_item_user_key (item_id, user_id)': 'unique within one community: community_id goes first',
  'group_buys: primary key (id)': '(id) becomes (community_id, id)',
  'handovers: primary key (id)': '(id) becomes (community_id, id)',
  'messages: foreign key (conversation_id) -> conversations(id)': 'becomes (community_id, conversation_id) -> conversations(community_id, id)',
  'messages: primary key (id)': '(id) becomes (community_id, id)',
  'messages: unique messages_seq (seq)': 'a global sequence paging a conversation; the unique index becomes (community_id, seq)',
  'notifications: community_id nullable': 'platform notices have none; split them off or give them the home community, then SET NOT NULL',
  'notifications: primary key (id)': '(id) becomes (community_id, id)',
  'nps_answers: community_id nullable': 'platform-survey answers have none; take the respondent\'s community at answer time, then SET NOT NULL',
  'nps_answers: primary key (id)': '(id) becomes (community_id, id)',
  'order_line_changes: foreign key (line_id) -> order_lines(id)': 'becomes (community_id, line_id) -> order_lines(community_id, id)',
  'order_line_changes: foreign key (order_id) -> orders(id)': 'becomes (community_id, order_id) -> orders(community_id, id)',
  'order_line_changes: primary key (id)': '(id) becomes (community_id, id)',
  'order_lines: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'order_lines: foreign key (item_id) -> group_buy_items(id)': 'becomes (community_id, item_id) -> group_buy_items(community_id, id)',
  'order_lines: foreign key (order_id) -> orders(id)': 'becomes (community_id, order_id) -> orders(community_id, id)',
  'order_lines: primary key (id)': '(id) becomes (community_id, id)',
  'orders: primary key (id)': '(id) becomes (community_id, id)',
  'orders: unique orders_idempotency_key (user_id, idempotency_key)': 'a basket is checked out in one community: (community_id, user_id, idempotency_key)',
  'payments: primary key (id)': '(id) becomes (community_id, id)',
  'payments: unique payments_provider_ref_key (provider, provider_ref)': 'the provider ref is global; the notify must carry the community (in out_trade_no) before (community_id, provider, provider_ref)',
  'pickup_announcements: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'pickup_announcements: primary key (id)': '(id) becomes (community_id, id)',
  'pickup_announcements: unique pickup_announcements_key (group_buy_id, kind, day)': 'unique within one community: community_id goes first',
  'pickup_passes: primary key (id)': '(id) becomes (community_id, id)',
  'pickup_point_staff: foreign key (pickup_point_id) -> pickup_points(id)': 'becomes (community_id, pickup_point_id) -> pickup_points(community_id, id)',
  'pickup_point_staff: unique pickup_point_staff_key (pickup_point_id, user_id)': 'unique within one community: community_id goes first',
  'pickup_points: primary key (id)': '(id) becomes (community_id, id)',
  'points_accounts: primary key (id)': '(id) becomes (community_id, id)',
  'points_transfers: foreign key (credit_account_id) -> points_accounts(id)': 'becomes (community_id, credit_account_id) -> points_accounts(community_id, id)',
  'points_transfers: foreign key (debit_account_id) -> points_accounts(id)': 'becomes (community_id, debit_account_id) -> points_accounts(community_id, id)',
  'points_transfers: primary key (id)': '(id) becomes (community_id, id)',
  'points_transfers: unique points_transfers_idempotency_idx (idempotency_key)': 'keys are made from community-local ids: (community_id, idempotency_key)',
  'points_transfers: unique points_transfers_pending_idx (pending_id)': 'a pending transfer and its post/void share a community: (community_id, pending_id)',
  'points_transfers: unique points_transfers_seq_idx (seq)': 'a global sequence the ledger reads in order; the unique index becomes (community_id, seq)',
  'poll_ballots: foreign key (post_id) -> posts(id)': 'becomes (community_id, post_id) -> posts(community_id, id)',
  'poll_ballots: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'poll_ballots: unique poll_ballots_pk (post_id, user_id)': 'unique within one community: community_id goes first',
  'poll_options: foreign key (post_id) -> posts(id)': 'becomes (community_id, post_id) -> posts(community_id, id)',
  'poll_options: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'poll_options: primary key (id)': '(id) becomes (community_id, id)',
  'poll_options: unique poll_options_position (post_id, position)': 'unique within one community: community_id goes first',
  'posts: primary key (id)': '(id) becomes (community_id, id)',
  'proposal_outcomes: foreign key (proposal_id) -> proposals(id)': 'becomes (community_id, proposal_id) -> proposals(community_id, id)',
  'proposal_outcomes: primary key (id)': '(id) becomes (community_id, id)',
  'proposal_outcomes: unique proposal_outcomes_proposal_key (proposal_id)': 'unique within one community: community_id goes first',
  'proposal_outcomes: unique proposal_outcomes_seq_key (seq)': 'a global sequence the ledger reads in order; the unique index becomes (community_id, seq)',
  'proposals: primary key (id)': '(id) becomes (community_id, id)',
  'purchase_order_lines: primary key (id)': '(id) becomes (community_id, id)',
  'purchase_order_lines: unique purchase_order_lines_item_key (item_id)': 'unique within one community: community_id goes first',
  'reactions: foreign key (post_id) -> posts(id)': 'becomes (community_id, post_id) -> posts(community_id, id)',
  'reactions: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'reactions: unique reactions_pk (post_id, user_id, kind)': 'unique within one community: community_id goes first',
  'refunds: primary key (id)': '(id) becomes (community_id, id)',
  'refunds: unique refunds_refund_key (refund_key)': 'the refund key is derived from order/line ids: (community_id, refund_key)',
  'resident_evidence: community_id nullable': 'evidence from events without a community; take it from the subject order/claim, then SET NOT NULL',
  'resident_evidence: primary key (id)': '(id) becomes (community_id, id)',
  'resident_evidence: unique resident_evidence_source_key (source_event_id, kind)': 'event ids are global, the event has one community: (community_id, source_event_id, kind)',
  'restock_alerts: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'restock_alerts: foreign key (item_id) -> group_buy_items(id)': 'becomes (community_id, item_id) -> group_buy_items(community_id, id)',
  'restock_alerts: primary key (id)': '(id) becomes (community_id, id)',
  'restock_alerts: unique restock_alerts_item_user_key (item_id, user_id)': 'unique within one community: community_id goes first',
  'review_moderation: foreign key (review_id) -> reviews(id)': 'becomes (community_id, review_id) -> reviews(community_id, id)',
  'review_moderation: primary key (id)': '(id) becomes (community_id, id)',
  'review_versions: foreign key (review_id) -> reviews(id)': 'becomes (community_id, review_id) -> reviews(community_id, id)',
  'review_versions: primary key (id)': '(id) becomes (community_id, id)',
  'review_versions: unique review_versions_key (review_id, version)': 'unique within one community: community_id goes first',
  'reviews: primary key (id)': '(id) becomes (community_id, id)',
  'reviews: unique reviews_order_line_key (order_line_id)': 'one review per order line: (community_id, order_line_id)',
  'settlements: primary key (id)': '(id) becomes (community_id, id)',
  'settlements: unique settlements_key (payment_id, settle_key)': 'unique within one community: community_id goes first',
  'stock_movements: foreign key (group_buy_id) -> group_buys(id)': 'becomes (community_id, group_buy_id) -> group_buys(community_id, id)',
  'stock_movements: primary key (id)': '(id) becomes (community_id, id)',
  'thread_mutes: foreign key (post_id) -> posts(id)': 'becomes (community_id, post_id) -> posts(community_id, id)',
  'thread_mutes: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'thread_mutes: unique thread_mutes_pk (post_id, user_id)': 'unique within one community: community_id goes first',
  'campaign_stories: foreign key (post_id) -> posts(id)': 'gains community_id on both sides once the parent key includes it',
  'campaign_stories: primary key (id)': 'becomes (community_id, id)',
  'campaign_stories: unique campaign_stories_once (campaign_id, post_id)': 'unique within one community: community_id goes first',
  'post_products: foreign key (post_id) -> posts(id)': 'gains community_id on both sides once the parent key includes it',
  'post_products: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'post_products: unique post_products_pk (post_id, product_id)': 'unique within one community: community_id goes first',
  'gathering_replays: foreign key (gathering_id) -> gatherings(id)': 'gains community_id on both sides once the parent key includes it',
  'gathering_replays: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'gathering_replays: primary key (id)': 'becomes (community_id, id)',
  'gathering_signups: community_id nullable': 'sign-ups to platform-wide livestreams: they follow the visits to the reference side (or carry the resident community)',
  'gatherings: community_id nullable': 'platform-wide campaign livestreams have no community: they move to a reference table of platform visits',
  'basket_bundles: unique basket_bundles_key (user_id, offer_id)': 'unique within one community: community_id goes first',
  'group_buy_bundle_parts: foreign key (item_id) -> group_buy_items(id)': 'gains community_id on both sides once the parent key includes it',
  'group_buy_bundle_parts: foreign key (offer_id) -> group_buy_bundles(id)': 'gains community_id on both sides once the parent key includes it',
  'group_buy_bundle_parts: no community_id': 'child of a distributed table: add community_id, backfill from the parent',
  'group_buy_bundle_parts: unique group_buy_bundle_parts_key (offer_id, item_id)': 'unique within one community: community_id goes first',
  'group_buy_bundles: foreign key (group_buy_id) -> group_buys(id)': 'gains community_id on both sides once the parent key includes it',
  'group_buy_bundles: primary key (id)': 'becomes (community_id, id)',
  'group_buy_bundles: unique group_buy_bundles_key (group_buy_id, campaign_bundle_id)': 'unique within one community: community_id goes first',
};
