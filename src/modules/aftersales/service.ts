import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { claims, claimPhotos, claimActions, type ClaimKind, type ClaimStatus, type RuleAction } from './schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent, recordEvents, type DomainEvent } from '../../platform/events/service.js';
import * as orderFacts from '../orders/index.js';
import * as paymentsService from '../payments/index.js';
import * as community from '../community/index.js';
import * as files from '../files/index.js';
import { getProduct } from '../catalog/index.js';
import { myTrust } from '../trust/index.js';
import { notify } from '../notifications/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import type { PaymentProvider } from '../payments/index.js';
import { analysePhoto, type PhotoAnalysis } from './photo-hash.js';
import { decideCovered, productFacts, ruleName, type ContractRule, type Decision } from './contracts.js';
import { campaignGuarantee, currentCampaignRules, currentRules } from './rules.service.js';
import { campaignsOfLine } from '../campaigns/index.js';
import { postEntries, accounts } from './fund.service.js';
import { addOpeningMinutes, formatInZone, openingMinutesBetween } from '../../platform/time.js';
import { formatYuan } from '../../platform/money.js';
import { isolate, translate, type Locale } from '../../platform/i18n.js';

export type Claim = typeof claims.$inferSelect;

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** What a claim may carry: photos (all of its evidence together) and a description of so many characters. */
export const CLAIM_LIMITS = { photos: 6, descriptionMin: 2, descriptionMax: 500 } as const;
const MAX_PHOTOS = CLAIM_LIMITS.photos;
/** TRUST.md §6: Hamming distance ≤ 6 → hold for review; 7–12 → flag only. */
const HOLD_BITS = 6;
const FLAG_BITS = 12;
/** A photo taken more than this before the pickup contradicts the claim. */
const EXIF_TOLERANCE_MS = 24 * HOUR;
/** TRUST.md §6: a batch whose claim rate passes 10% has its claims charged to the supplier. */
const BATCH_CLAIM_RATE_LIMIT = 0.1;
const BATCH_MIN_ORDERS = 10;
/** TRUST.md §3: one automatic refund in twenty is reviewed afterwards. */
const SAMPLE_ONE_IN = 20;

export interface PolicyConfig {
  claimWindowDays: number;
  leaderResponseMinutes: number;
  leaderRefundLimitFen: number;
}

export interface PhotoUpload {
  filename: string;
  bytes: Buffer;
}

export interface FileClaimInput {
  userId: string;
  /** The order line (one product of her basket) the claim is about. */
  lineId: string;
  kind: ClaimKind;
  quantity: number;
  description: string;
  photos: PhotoUpload[];
}

/** Needs a photo: fresh produce that went bad or arrived damaged. */
const needsPhoto = (category: string, kind: ClaimKind) => category === 'fresh_produce' && (kind === 'bad_produce' || kind === 'damaged');

export interface AnalysedPhoto { upload: PhotoUpload; analysis: PhotoAnalysis }
type Flag = { kind: string; detail: Record<string, string | number> };

async function analyseAll(photos: PhotoUpload[], timeZone: string): Promise<AnalysedPhoto[]> {
  if (photos.length > MAX_PHOTOS) throw badRequest('claim.too_many_photos', { max: MAX_PHOTOS });
  const out: AnalysedPhoto[] = [];
  for (const upload of photos) {
    if (upload.bytes.length > files.MAX_IMAGE_BYTES) throw badRequest('file.too_large', { maxMb: Math.round(files.MAX_IMAGE_BYTES / 1024 / 1024) });
    const sniffed = files.sniffType(upload.bytes);
    if (!sniffed || sniffed.kind !== 'image') throw badRequest('file.not_image');
    out.push({ upload, analysis: await analysePhoto(upload.bytes, timeZone) });
  }
  return out;
}

/**
 * Compares new photos with claim photos of the last 180 days from the same community, product or
 * resident: the same bytes, or a perceptual hash within a few bits (also mirrored or cropped).
 */
export async function photoFlags(tx: DbOrTx, photos: AnalysedPhoto[], scope: { claimId: string; communityId: string; productId: string; userId: string; pickedUpAt: Date | null }, now: Date): Promise<Flag[]> {
  const flags: Flag[] = [];
  for (const [i, p] of photos.entries()) {
    const { phash, phashMirror, phashCrop, takenAt } = p.analysis;
    const sha = files.sha256(p.upload.bytes);
    const res = (await tx.execute(sql`
      select cp.claim_id, (cp.sha256 = ${sha}) as exact, least(
        bit_count((cp.phash # ${phash})::bit(64)), bit_count((cp.phash # ${phashMirror})::bit(64)),
        bit_count((cp.phash # ${phashCrop})::bit(64)), bit_count((cp.phash_crop # ${phash})::bit(64)),
        bit_count((cp.phash_mirror # ${phash})::bit(64)))::int as distance
      from claim_photos cp
      where cp.created_at > ${new Date(now.getTime() - 180 * DAY)} and cp.claim_id <> ${scope.claimId}
        and (cp.community_id = ${scope.communityId} or cp.product_id = ${scope.productId} or cp.user_id = ${scope.userId})
      order by exact desc, distance asc limit 1`)) as unknown as { rows: { claim_id: string; exact: boolean; distance: number }[] };
    const match = res.rows[0];
    if (match && (match.exact || match.distance <= HOLD_BITS)) flags.push({ kind: 'photo_reused', detail: { photo: i + 1, distance: match.exact ? 0 : match.distance, otherClaimId: match.claim_id } });
    else if (match && match.distance <= FLAG_BITS) flags.push({ kind: 'photo_similar', detail: { photo: i + 1, distance: match.distance, otherClaimId: match.claim_id } });
    if (takenAt && scope.pickedUpAt) {
      if (takenAt.getTime() < scope.pickedUpAt.getTime() - EXIF_TOLERANCE_MS) flags.push({ kind: 'photo_older_than_pickup', detail: { photo: i + 1, takenAt: takenAt.toISOString() } });
      else if (takenAt < scope.pickedUpAt) flags.push({ kind: 'photo_taken_before_pickup', detail: { photo: i + 1, takenAt: takenAt.toISOString() } });
    }
  }
  return flags;
}

const HOLD_FLAGS = new Set(['photo_reused', 'photo_older_than_pickup']);
/** Facts that are (or reveal) a resident's private trust score. */
const SCORE_FACTS = new Set(['trust_score', 'instant_quota_left_yuan']);

type StagedPhoto = AnalysedPhoto & { original: files.StagedUpload; thumb: files.StagedUpload };

/** Writes each photo and its thumbnail once, before the transaction that records them (see files.stageUpload). */
async function stagePhotos(storage: FileStorage, photos: AnalysedPhoto[]): Promise<StagedPhoto[]> {
  const out: StagedPhoto[] = [];
  for (const p of photos) {
    out.push({ ...p, original: await files.stageUpload(storage, p.upload.bytes, 'images'), thumb: await files.stageUpload(storage, p.analysis.thumbnail, 'images') });
  }
  return out;
}

async function storePhotos(tx: Tx, photos: StagedPhoto[], claim: { id: string; communityId: string; userId: string; productId: string }) {
  for (const p of photos) {
    const original = await files.recordUpload(tx, p.original, { ownerId: claim.userId, scope: `claim:${claim.id}`, originalName: p.upload.filename });
    const thumb = await files.recordUpload(tx, p.thumb, { ownerId: claim.userId, scope: `claim:${claim.id}`, originalName: `thumb-${p.upload.filename}.webp` });
    await tx.insert(claimPhotos).values({
      claimId: claim.id, communityId: claim.communityId, userId: claim.userId, productId: claim.productId,
      fileId: original.id, thumbFileId: thumb.id, sha256: original.sha256,
      phash: p.analysis.phash, phashMirror: p.analysis.phashMirror, phashCrop: p.analysis.phashCrop, takenAt: p.analysis.takenAt,
    });
  }
}

/** Everything a contract may read about this claim, its resident and community, right now. */
async function gatherFacts(tx: Tx, c: Claim, line: { orderTotalFen: number; category: string }, photoCount: number, flags: Flag[], now: Date) {
  // The campaigns this line was bought under (fixed when she paid): their rules add to the platform's.
  const bought = (await campaignsOfLine(tx, c.lineId)).map((x) => x.campaignId);
  const trust = await myTrust(tx, c.userId, now);
  const res = (await tx.execute(sql`
    select
      count(*) filter (where created_at > ${new Date(now.getTime() - 30 * DAY)})::int as claims_30d,
      count(*) filter (where created_at > ${new Date(now.getTime() - 7 * DAY)} and resolved_by = 'rule' and status = 'refunded')::int as instant_7d,
      count(*) filter (where created_at > ${new Date(now.getTime() - 90 * DAY)})::int as claims_90d,
      coalesce(sum(refunded_fen) filter (where resolved_by = 'rule' and resolved_at > ${new Date(now.getTime() - 30 * DAY)}), 0)::int as instant_used_fen
    from claims where user_id = ${c.userId} and id <> ${c.id}`)) as unknown as { rows: { claims_30d: number; instant_7d: number; claims_90d: number; instant_used_fen: number }[] };
  const mine = res.rows[0];
  // Claim rates are per line bought: one claim per line, and a basket holds several lines.
  const [orders90, communityOrders30, communityClaims30] = await Promise.all([
    orderFacts.countPaidLines(tx, { userId: c.userId }, new Date(now.getTime() - 90 * DAY)),
    orderFacts.countPaidLines(tx, { communityId: c.communityId }, new Date(now.getTime() - 30 * DAY)),
    tx.select({ n: sql<number>`count(*)::int` }).from(claims).where(and(eq(claims.communityId, c.communityId), sql`${claims.createdAt} > ${new Date(now.getTime() - 30 * DAY)}`)).then((r) => r[0].n),
  ]);
  const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    kind: c.kind,
    ...productFacts(line.category),
    amount_yuan: c.amountFen / 100,
    // The whole basket (TRUST.md §3: the whole order in seconds up to ¥200 for level A).
    order_yuan: line.orderTotalFen / 100,
    hours_since_pickup: c.pickedUpAt ? round((now.getTime() - c.pickedUpAt.getTime()) / HOUR, 2) : 0,
    photo_present: photoCount > 0,
    photo_count: photoCount,
    photo_suspect: flags.some((f) => HOLD_FLAGS.has(f.kind)),
    trust_level: trust.level,
    trust_score: trust.score,
    claims_30d: mine.claims_30d,
    instant_claims_7d: mine.instant_7d,
    // Earlier claims only: a first claim never counts against the resident who files it.
    claim_rate_90d: round(mine.claims_90d / Math.max(1, orders90)),
    instant_quota_left_yuan: Math.max(0, trust.instantRefundQuotaYuan - mine.instant_used_fen / 100),
    community_claim_rate_30d: round(communityClaims30 / Math.max(1, communityOrders30)),
    // Not a fact a condition may name: which campaigns' rules may decide, kept for replay.
    campaigns: bought,
  };
}

/** The platform's rules, then (if they do not already refund) the rules of the campaigns the line was bought under. */
async function decideClaim(tx: Tx, facts: Awaited<ReturnType<typeof gatherFacts>>): Promise<Decision> {
  const { campaigns: bought, ...rest } = facts;
  return decideCovered(await currentRules(tx), await currentCampaignRules(tx, bought), bought, rest);
}

/** Why the resident sees this outcome: an i18n key and its parameters. */
function reasonFor(action: RuleAction | 'no_leader', rule: ContractRule | null, extra: Record<string, string | number>) {
  const base = { rule: rule?.name ?? '', version: rule?.version ?? 0, ...extra };
  return { reasonKey: `claims.reason.${action}${rule ? '' : '_default'}`, reasonParams: base };
}

/** Applies a contract decision to a claim in the caller's transaction. */
async function applyDecision(tx: Tx, c: Claim, decision: Decision, facts: Record<string, unknown>, flags: Flag[], policy: PolicyConfig, now: Date) {
  const comm = await community.getCommunity(tx, c.communityId);
  const leaders = await community.leadersOf(tx, c.communityId);
  // Nobody decides a claim on his own order: a leader's own claim goes to another leader or the platform.
  const leader = leaders.find((l) => l.userId !== c.userId) ?? null;
  const ownClaim = leaders.some((l) => l.userId === c.userId);
  let action: RuleAction | 'no_leader' = decision.action;
  if (action === 'leader_review' && !leader) action = 'no_leader';
  const held = flags.filter((f) => HOLD_FLAGS.has(f.kind)).map((f) => f.kind);
  const common = {
    facts, flags, ruleId: decision.rule?.id ?? null, ruleKey: decision.rule?.key ?? null, ruleVersion: decision.rule?.version ?? null,
    ruleAction: decision.action, factsUsed: decision.used, leaderId: leader?.userId ?? null, updatedAt: now,
  };
  let status: ClaimStatus;
  let patch: Partial<Claim> = {};
  let reason;
  if (action === 'refund_now') {
    status = 'refunded';
    patch = { resolvedAt: now, resolvedBy: 'rule', refundedFen: c.amountFen, sampledForReview: randomInt(SAMPLE_ONE_IN) === 0 };
    reason = reasonFor(action, decision.rule, { amount: formatYuan(c.amountFen) });
  } else if (action === 'leader_review') {
    status = 'leader_review';
    const deadline = addOpeningMinutes(now, policy.leaderResponseMinutes, comm.timeZone);
    patch = { deadlineAt: deadline };
    reason = reasonFor(action, decision.rule, { leader: leader?.name ?? '', deadline: formatInZone(deadline, comm.timeZone) });
  } else if (action === 'ask_more') {
    status = 'needs_more';
    reason = reasonFor(action, decision.rule, {});
  } else {
    status = 'platform_review';
    reason = reasonFor(action === 'no_leader' ? 'no_leader' : 'platform', action === 'no_leader' ? null : decision.rule, { why: held.length ? held.join(',') : 'rule' });
    if (held.length) reason.reasonKey = 'claims.reason.photo_hold';
    else if (action === 'no_leader' && ownClaim) reason.reasonKey = 'claims.reason.own_claim_default';
  }
  const [updated] = await tx.update(claims).set({ ...common, ...patch, status, ...reason }).where(eq(claims.id, c.id)).returning();
  await tx.insert(claimActions).values({
    claimId: c.id, actorId: null, actorRole: 'rule', action: `decided:${status}`,
    note: decision.rule ? `${decision.rule.name} v${decision.rule.version}` : '', amountFen: status === 'refunded' ? c.amountFen : null, at: now,
  });
  if (status === 'refunded') await payClaimRefund(tx, updated, c.amountFen, 'rule', null, now);
  await recordEvent(tx, decidedEvent(updated, 'rule', now, comm.timeZone));
  if (status === 'leader_review' && leader) {
    await notify(tx, [{ userId: leader.userId, communityId: c.communityId, kind: 'claim_for_leader', params: { amount: formatYuan(c.amountFen), deadline: formatInZone(updated.deadlineAt!, comm.timeZone) }, link: `/leader/${c.communityId}/claims/${c.id}` }]);
  }
  return updated;
}

/** The hand-over a dispute claim is about, if it is one (openDisputeClaims keeps it in the facts). */
export const disputeOf = (c: Pick<Claim, 'facts'>): string | null => (c.facts?.dispute ? String(c.facts.handoverId ?? '') || null : null);

function decidedEvent(c: Claim, by: 'rule' | 'leader' | 'platform', now: Date, timeZone: string): DomainEvent<'claim.decided'> {
  const final = c.status === 'refunded' || c.status === 'replaced' || c.status === 'rejected';
  // How long the person took, in opening hours (TRUST.md §4: answered ≤ 30 min, 08:00–22:00).
  const responseMinutes = by === 'rule' || !c.firstResponseAt ? null : Math.round(openingMinutesBetween(c.createdAt, c.firstResponseAt, timeZone) * 10) / 10;
  return {
    type: 'claim.decided', communityId: c.communityId, actorId: null, subjectId: c.id,
    payload: {
      residentId: c.userId, orderId: c.orderId, lineId: c.lineId, productId: c.productId, batchId: c.batchId, leaderId: c.leaderId, by, status: c.status, final, kind: c.kind, responseMinutes,
      disputeOf: disputeOf(c),
      // Upheld: the resident was right (refund or replacement after a person looked at it).
      upheld: final && c.status !== 'rejected', reviewed: by !== 'rule',
      ruleKey: c.ruleKey, ruleVersion: c.ruleVersion, amountFen: c.amountFen, refundedFen: c.refundedFen,
      faultParty: c.faultParty, fraud: c.reviewOutcome === 'fraud', filedAt: c.createdAt.toISOString(),
      firstResponseAt: c.firstResponseAt?.toISOString() ?? null, decidedAt: now.toISOString(), escalated: c.escalatedAt !== null,
    },
  };
}

/**
 * Money for a refunded claim: the resident is paid back from her payment through the provider
 * (outbox, key claim:<id>), and the guarantee fund's ledger records who carries the cost.
 */
export async function payClaimRefund(tx: Tx, c: Claim, amountFen: number, by: 'rule' | 'leader' | 'platform', actorId: string | null, now: Date, opts: { notice?: boolean } = {}) {
  // Paid back from the basket's one payment, on the claimed line.
  await paymentsService.requestRefund(tx, { orderId: c.orderId, lineId: c.lineId, amountFen, refundKey: `claim:${c.id}`, reason: 'claim' });
  const resident = accounts.resident(c.userId);
  const entries = [];
  if (by === 'leader' && c.leaderId) {
    // 团长兜底: the leader pays first, the fund reimburses him at once.
    entries.push({ key: `claim:${c.id}:leader_advance`, debit: accounts.leader(c.leaderId), credit: resident, code: 'leader_advance' as const });
    entries.push({ key: `claim:${c.id}:reimburse`, debit: accounts.fund, credit: accounts.leader(c.leaderId), code: 'fund_reimbursement' as const });
  } else {
    entries.push({ key: `claim:${c.id}:refund`, debit: accounts.fund, credit: resident, code: 'claim_refund' as const });
  }
  if (c.faultParty === 'leader' && c.leaderId) entries.push({ key: `claim:${c.id}:charge_leader`, debit: accounts.leader(c.leaderId), credit: accounts.fund, code: 'leader_charge' as const });
  if (c.faultParty === 'supplier') {
    const product = await getProduct(tx, c.productId);
    if (product.supplierId) entries.push({ key: `claim:${c.id}:charge_supplier`, debit: accounts.supplier(product.supplierId), credit: accounts.fund, code: 'supplier_charge' as const });
  }
  await postEntries(tx, entries.map((e) => ({ idempotencyKey: e.key, debitAccount: e.debit, creditAccount: e.credit, amountFen, code: e.code, claimId: c.id, communityId: c.communityId, memo: '', createdBy: actorId })), now);
  if (opts.notice !== false) await notify(tx, [{ userId: c.userId, communityId: c.communityId, kind: 'claim_refunded', params: { amount: formatYuan(amountFen) }, link: `/claims/${c.id}` }]);
}

/** Whether this batch's claims have passed 10% of the lines sold from it: then the supplier carries them. */
async function batchOverLimit(tx: Tx, batchId: string | null, now: Date): Promise<boolean> {
  if (!batchId) return false;
  const since = new Date(now.getTime() - 180 * DAY);
  const orders = await orderFacts.countPaidLines(tx, { batchId }, since);
  if (orders < BATCH_MIN_ORDERS) return false;
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(claims).where(and(eq(claims.batchId, batchId), sql`${claims.kind} in ('bad_produce', 'damaged', 'not_as_described')`));
  return n / orders > BATCH_CLAIM_RATE_LIMIT;
}

/** Her own line, or not found (another resident's line looks like no line at all). */
async function ownLine(db: DbOrTx, lineId: string, userId: string) {
  const line = await orderFacts.getLineSummary(db, lineId).catch(() => null);
  if (!line || line.userId !== userId) throw notFound('order.not_found');
  return line;
}

/**
 * A resident files a claim on one line of her order (one product of her basket). Every check
 * runs before anything is written; the contracts decide at once, and an automatic refund reaches
 * the provider right after commit.
 */
export async function fileClaim(db: Db, storage: FileStorage, provider: PaymentProvider, policy: PolicyConfig, input: FileClaimInput, now = new Date()) {
  const line = await ownLine(db, input.lineId, input.userId);
  if (line.status !== 'picked_up') throw conflict(line.status === 'pending_payment' || line.status === 'cancelled' || line.status === 'refunded' ? 'claim.order_not_paid' : 'claim.not_picked_up');
  if (!line.pickedUpAt || now.getTime() - line.pickedUpAt.getTime() > policy.claimWindowDays * DAY) throw conflict('claim.window_closed', { days: policy.claimWindowDays });
  const units = line.quantity - line.refundedQuantity;
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > units) throw badRequest('claim.quantity_invalid', { max: units });
  const description = input.description.trim();
  if (description.length < CLAIM_LIMITS.descriptionMin || description.length > CLAIM_LIMITS.descriptionMax) throw badRequest('claim.description_length', { min: CLAIM_LIMITS.descriptionMin, max: CLAIM_LIMITS.descriptionMax });
  if (needsPhoto(line.category, input.kind) && input.photos.length === 0) throw badRequest('claim.photo_required');
  const comm = await community.getCommunity(db, line.communityId);
  const photos = await stagePhotos(storage, await analyseAll(input.photos, comm.timeZone));

  const claim = await inTransaction(db, async (tx) => {
    // One resident's claims are decided one after another: rate limits count every earlier one.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`claims:${input.userId}`}))`);
    const amountFen = Math.min(input.quantity * line.unitPriceFen, line.totalFen);
    const leader = (await community.leadersOf(tx, line.communityId)).find((l) => l.userId !== input.userId);
    const [created] = await tx.insert(claims).values({
      leaderId: leader?.userId ?? null,
      communityId: line.communityId, orderId: line.orderId, lineId: line.id, userId: input.userId, productId: line.productId,
      groupBuyId: line.groupBuyId, batchId: line.batchId, kind: input.kind, quantity: input.quantity, amountFen,
      description, status: 'platform_review', facts: {}, reasonKey: 'claims.reason.pending', pickedUpAt: line.pickedUpAt, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    if (!created) throw conflict('claim.already_filed');
    const flags = await photoFlags(tx, photos, { claimId: created.id, communityId: created.communityId, productId: created.productId, userId: created.userId, pickedUpAt: line.pickedUpAt }, now);
    await storePhotos(tx, photos, created);
    const faultParty = (await batchOverLimit(tx, created.batchId, now)) ? 'supplier' as const : null;
    const withFault = faultParty ? { ...created, faultParty } : created;
    if (faultParty) await tx.update(claims).set({ faultParty }).where(eq(claims.id, created.id));
    await tx.insert(claimActions).values({ claimId: created.id, actorId: input.userId, actorRole: 'resident', action: 'filed', note: description, amountFen, at: now });
    await recordEvent(tx, { type: 'claim.filed', communityId: created.communityId, actorId: input.userId, subjectId: created.id, payload: { orderId: created.orderId, lineId: created.lineId, productId: created.productId, batchId: created.batchId, leaderId: created.leaderId, kind: created.kind, quantity: created.quantity, amountFen, photos: photos.length } });
    const facts = await gatherFacts(tx, withFault, line, photos.length, flags, now);
    const decision = await decideClaim(tx, facts);
    return applyDecision(tx, withFault, decision, facts, flags, policy, now);
  });
  if (claim.status === 'refunded') await paymentsService.sendPendingRefunds(db, provider, { refundKeys: [`claim:${claim.id}`] }, now);
  return claim;
}

/** The resident adds photos or words to a claim that asked for more; the contracts decide again. */
export async function addEvidence(db: Db, storage: FileStorage, provider: PaymentProvider, policy: PolicyConfig, userId: string, claimId: string, input: { description?: string; photos: PhotoUpload[] }, now = new Date()) {
  const existing = await getOwnClaim(db, claimId, userId);
  if (existing.status !== 'needs_more') throw conflict('claim.not_awaiting_evidence');
  const extra = input.description?.trim() ?? '';
  if (extra.length > CLAIM_LIMITS.descriptionMax) throw badRequest('claim.description_length', { min: CLAIM_LIMITS.descriptionMin, max: CLAIM_LIMITS.descriptionMax });
  if (input.photos.length === 0 && extra.length < CLAIM_LIMITS.descriptionMin) throw badRequest('claim.evidence_empty');
  const comm = await community.getCommunity(db, existing.communityId);
  const photos = await stagePhotos(storage, await analyseAll(input.photos, comm.timeZone));
  const claim = await inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`claims:${userId}`}))`);
    const [c] = await tx.select().from(claims).where(and(eq(claims.id, claimId), eq(claims.status, 'needs_more'))).for('update');
    if (!c) throw conflict('claim.not_awaiting_evidence');
    const [{ n: before }] = await tx.select({ n: sql<number>`count(*)::int` }).from(claimPhotos).where(eq(claimPhotos.claimId, c.id));
    if (before + photos.length > MAX_PHOTOS) throw badRequest('claim.too_many_photos', { max: MAX_PHOTOS });
    const flags = [...c.flags, ...(await photoFlags(tx, photos, { claimId: c.id, communityId: c.communityId, productId: c.productId, userId: c.userId, pickedUpAt: c.pickedUpAt }, now))];
    await storePhotos(tx, photos, c);
    const description = extra ? `${c.description}\n${extra}`.slice(0, 1200) : c.description;
    await tx.update(claims).set({ description }).where(eq(claims.id, c.id));
    await tx.insert(claimActions).values({ claimId: c.id, actorId: userId, actorRole: 'resident', action: 'evidence_added', note: extra, at: now });
    const line = await ownLine(tx, c.lineId, userId);
    const facts = await gatherFacts(tx, c, line, before + photos.length, flags, now);
    return applyDecision(tx, { ...c, description }, await decideClaim(tx, facts), facts, flags, policy, now);
  });
  if (claim.status === 'refunded') await paymentsService.sendPendingRefunds(db, provider, { refundKeys: [`claim:${claim.id}`] }, now);
  return claim;
}

async function getOwnClaim(db: DbOrTx, claimId: string, userId: string) {
  const [c] = await db.select().from(claims).where(and(eq(claims.id, claimId), eq(claims.userId, userId)));
  if (!c) throw notFound('claim.not_found');
  return c;
}

export type HumanAction = 'refund' | 'replace' | 'reject';

export interface LeaderDecisionInput {
  action: HumanAction | 'escalate';
  amountFen?: number;
  note: string;
}

/**
 * 团长兜底: the community's leader answers a claim waiting for him — refund (within his limit,
 * funded by the guarantee fund), replace, reject with a reason, or hand it to the platform.
 */
export async function leaderDecide(db: Db, provider: PaymentProvider, policy: PolicyConfig, leaderId: string, claimId: string, input: LeaderDecisionInput, now = new Date()) {
  const note = input.note.trim();
  const [peek] = await db.select().from(claims).where(eq(claims.id, claimId));
  if (!peek) throw notFound('claim.not_found');
  const membership = await community.membershipOf(db, peek.communityId, leaderId);
  if (!membership || membership.role !== 'leader') throw notFound('claim.not_found');
  if (peek.userId === leaderId) throw forbidden('claim.own_claim');
  if ((input.action === 'reject' || input.action === 'escalate') && note.length < 2) throw badRequest('claim.reason_required');
  if (note.length > 500) throw badRequest('claim.note_too_long', { max: 500 });
  const amountFen = input.action === 'refund' ? input.amountFen ?? peek.amountFen : 0;
  if (input.action === 'refund') {
    if (!Number.isInteger(amountFen) || amountFen < 1 || amountFen > peek.amountFen) throw badRequest('claim.refund_amount_invalid', { max: formatYuan(peek.amountFen) });
    if (amountFen > policy.leaderRefundLimitFen) throw badRequest('claim.over_leader_limit', { limit: formatYuan(policy.leaderRefundLimitFen) });
  }
  const claim = await inTransaction(db, async (tx) => {
    const [c] = await tx.select().from(claims).where(and(eq(claims.id, claimId), eq(claims.status, 'leader_review'))).for('update');
    // Escalated (deadline passed) or already answered: the leader's answer comes too late.
    if (!c) throw conflict('claim.not_awaiting_leader');
    // Past the deadline it belongs to the platform, even before the escalation job has run.
    if (c.deadlineAt && c.deadlineAt <= now) throw conflict('claim.deadline_passed');
    const base = { firstResponseAt: c.firstResponseAt ?? now, updatedAt: now, leaderId, resolutionNote: note || null };
    const said = withoutFinalStop(note);
    let patch: Partial<Claim>;
    if (input.action === 'escalate') patch = { status: 'platform_review', escalatedAt: now, reasonKey: 'claims.reason.leader_escalated', reasonParams: { note: said } };
    else patch = { status: statusFor(input.action), resolvedAt: now, resolvedBy: 'leader', refundedFen: amountFen, faultParty: c.faultParty ?? 'none', reasonKey: `claims.reason.leader_${input.action}`, reasonParams: { note: said, amount: formatYuan(amountFen) } };
    const [updated] = await tx.update(claims).set({ ...base, ...patch }).where(eq(claims.id, c.id)).returning();
    await tx.insert(claimActions).values({ claimId: c.id, actorId: leaderId, actorRole: 'leader', action: input.action, note, amountFen: amountFen || null, at: now });
    if (input.action === 'refund') await payClaimRefund(tx, updated, amountFen, 'leader', leaderId, now);
    else if (input.action === 'escalate') await recordEvent(tx, { type: 'claim.escalated', communityId: c.communityId, actorId: leaderId, subjectId: c.id, payload: { leaderId, productId: c.productId, reason: 'leader', deadlineAt: c.deadlineAt?.toISOString() ?? null, filedAt: c.createdAt.toISOString() } });
    else await notify(tx, [{ userId: c.userId, communityId: c.communityId, kind: 'claim_update', params: { status: input.action }, link: `/claims/${c.id}` }]);
    await recordEvent(tx, decidedEvent(updated, 'leader', now, await community.getCommunity(tx, c.communityId).then((x) => x.timeZone)));
    return updated;
  });
  if (claim.status === 'refunded') await paymentsService.sendPendingRefunds(db, provider, { refundKeys: [`claim:${claim.id}`] }, now);
  return claim;
}

/** The note goes inside a sentence that ends with its own full stop. */
const withoutFinalStop = (note: string) => note.replace(/[。．.！!；;，,\s]+$/u, '');

const statusFor = (a: HumanAction): ClaimStatus => (a === 'refund' ? 'refunded' : a === 'replace' ? 'replaced' : 'rejected');

export interface PlatformDecisionInput {
  action: HumanAction;
  amountFen?: number;
  note: string;
  faultParty: 'none' | 'leader' | 'supplier' | 'resident';
  fraud?: boolean;
}

/** The platform decides a claim sent to it (or takes over one still waiting for a person). */
export async function platformDecide(db: Db, provider: PaymentProvider, operatorId: string, claimId: string, input: PlatformDecisionInput, now = new Date()) {
  const note = input.note.trim();
  if (note.length < 2) throw badRequest('claim.reason_required');
  if (note.length > 500) throw badRequest('claim.note_too_long', { max: 500 });
  if (input.fraud && input.action !== 'reject') throw badRequest('claim.fraud_requires_reject');
  const claim = await inTransaction(db, async (tx) => {
    const [c] = await tx.select().from(claims).where(and(eq(claims.id, claimId), inArray(claims.status, ['platform_review', 'leader_review', 'needs_more']))).for('update');
    if (!c) {
      const [exists] = await tx.select({ id: claims.id }).from(claims).where(eq(claims.id, claimId));
      throw exists ? conflict('claim.already_decided') : notFound('claim.not_found');
    }
    const amountFen = input.action === 'refund' ? input.amountFen ?? c.amountFen : 0;
    if (input.action === 'refund' && (!Number.isInteger(amountFen) || amountFen < 1 || amountFen > c.amountFen)) throw badRequest('claim.refund_amount_invalid', { max: formatYuan(c.amountFen) });
    const [updated] = await tx.update(claims).set({
      status: statusFor(input.action), resolvedAt: now, resolvedBy: 'platform', refundedFen: amountFen, faultParty: input.faultParty,
      firstResponseAt: c.firstResponseAt ?? now, resolutionNote: note, updatedAt: now, reviewOutcome: input.fraud ? 'fraud' : null,
      reasonKey: `claims.reason.platform_${input.action}`, reasonParams: { note: withoutFinalStop(note), amount: formatYuan(amountFen) },
    }).where(eq(claims.id, c.id)).returning();
    await tx.insert(claimActions).values({ claimId: c.id, actorId: operatorId, actorRole: 'platform', action: input.action, note, amountFen: amountFen || null, at: now });
    if (input.action === 'refund') await payClaimRefund(tx, updated, amountFen, 'platform', operatorId, now);
    else await notify(tx, [{ userId: c.userId, communityId: c.communityId, kind: 'claim_update', params: { status: input.action }, link: `/claims/${c.id}` }]);
    await recordEvent(tx, decidedEvent(updated, 'platform', now, await community.getCommunity(tx, c.communityId).then((x) => x.timeZone)));
    return updated;
  });
  if (claim.status === 'refunded') await paymentsService.sendPendingRefunds(db, provider, { refundKeys: [`claim:${claim.id}`] }, now);
  return claim;
}

/**
 * The after-the-fact look at a sampled automatic refund. It never takes the refund back here; an
 * invalid or fraudulent outcome feeds the resident's trust score through `claim.reviewed`.
 */
export async function reviewAutomaticRefund(db: Db, operatorId: string, claimId: string, outcome: 'valid' | 'invalid' | 'fraud', note: string, now = new Date()) {
  return inTransaction(db, async (tx) => {
    const [c] = await tx.update(claims).set({ reviewOutcome: outcome, updatedAt: now })
      .where(and(eq(claims.id, claimId), eq(claims.resolvedBy, 'rule'), eq(claims.status, 'refunded'), sql`${claims.reviewOutcome} is null`)).returning();
    if (!c) {
      const [exists] = await tx.select({ id: claims.id }).from(claims).where(eq(claims.id, claimId));
      throw exists ? conflict('claim.not_reviewable') : notFound('claim.not_found');
    }
    await tx.insert(claimActions).values({ claimId: c.id, actorId: operatorId, actorRole: 'platform', action: `reviewed:${outcome}`, note: note.trim().slice(0, 500), at: now });
    await recordEvent(tx, { type: 'claim.reviewed', communityId: c.communityId, actorId: operatorId, subjectId: c.id, payload: { residentId: c.userId, outcome, leaderId: c.leaderId } });
    return c;
  });
}

/**
 * Claims whose leader missed the deadline go to the platform. One conditional UPDATE per batch:
 * with several instances each claim is escalated, and announced, exactly once.
 */
export async function escalateOverdueClaims(db: Db, now = new Date(), batch = 200): Promise<number> {
  return inTransaction(db, async (tx) => {
    const rows = await tx.update(claims).set({ status: 'platform_review', escalatedAt: now, updatedAt: now, reasonKey: 'claims.reason.deadline_missed', reasonParams: {} })
      .where(sql`${claims.id} in (select id from claims where status = 'leader_review' and deadline_at <= ${now} order by deadline_at limit ${batch} for update skip locked)`)
      .returning();
    if (rows.length === 0) return 0;
    await tx.insert(claimActions).values(rows.map((c) => ({ claimId: c.id, actorId: null, actorRole: 'system' as const, action: 'escalated', note: '', at: now })));
    await recordEvents(tx, rows.map((c) => ({ type: 'claim.escalated', communityId: c.communityId, actorId: null, subjectId: c.id, payload: { leaderId: c.leaderId, productId: c.productId, reason: 'deadline', deadlineAt: c.deadlineAt?.toISOString() ?? null, filedAt: c.createdAt.toISOString() } })));
    await notify(tx, rows.map((c) => ({ userId: c.userId, communityId: c.communityId, kind: 'claim_update' as const, params: { status: 'escalated' }, link: `/claims/${c.id}` })));
    return rows.length;
  });
}

/** The view of a claim: the resident, the community's leader and operators may read it. */
export async function claimDetail(db: Db, viewer: { id: string; isOperator: boolean }, claimId: string, locale: Locale = 'zh-CN', policy?: Pick<PolicyConfig, 'leaderRefundLimitFen'>) {
  const [c] = await db.select().from(claims).where(eq(claims.id, claimId));
  if (!c) throw notFound('claim.not_found');
  let role: 'resident' | 'leader' | 'operator';
  if (c.userId === viewer.id) role = 'resident';
  else if (viewer.isOperator) role = 'operator';
  else {
    const m = await community.membershipOf(db, c.communityId, viewer.id);
    if (!m || m.role !== 'leader') throw notFound('claim.not_found');
    role = 'leader';
  }
  const [photos, actions, refunds] = await Promise.all([
    db.select().from(claimPhotos).where(eq(claimPhotos.claimId, c.id)).orderBy(asc(claimPhotos.createdAt)),
    db.select().from(claimActions).where(eq(claimActions.claimId, c.id)).orderBy(asc(claimActions.id)),
    paymentsService.refundsByKeys(db, [`claim:${c.id}`]),
  ]);
  const line = await orderFacts.getLineSummary(db, c.lineId);
  const bought = await campaignsOfLine(db, c.lineId);
  const names = (await db.execute(sql`select (select name from users where id = ${c.userId}) as resident, (select name from communities where id = ${c.communityId}) as community`)) as unknown as { rows: { resident: string; community: string }[] };
  // Every claim names a product, so it has labels.
  const labels = (await claimLabels(db, [c], locale)).get(c.id)!;
  return {
    claim: { ...publicClaim(c, role, locale), ...labels, residentName: names.rows[0]?.resident ?? '', communityName: names.rows[0]?.community ?? '' },
    viewerRole: role,
    // What the viewer may do (the leader's refund limit comes from configuration, not the page).
    limits: role === 'resident' || !policy ? null : { leaderRefundLimitFen: policy.leaderRefundLimitFen },
    // The line claimed: one product of her basket, with its 跟团号.
    line: {
      id: line.id, orderId: line.orderId, groupNumber: line.groupNumber, title: line.title, productName: line.productName, spec: line.spec, unit: line.unit,
      quantity: line.quantity, refundedQuantity: line.refundedQuantity, unitPriceFen: line.unitPriceFen, totalFen: line.totalFen,
      status: line.status, pickedUpAt: line.pickedUpAt, imageUrls: line.imageUrls, category: line.category,
      campaigns: bought.map((b) => ({ slug: b.slug, name: locale === 'zh-CN' ? b.nameZh : b.nameEn })),
    },
    photos: photos.map((p) => ({ id: p.id, url: files.fileUrl(p.fileId), thumbUrl: files.fileUrl(p.thumbFileId), takenAt: p.takenAt })),
    // The after-the-fact spot check is the platform's business, not a step of her claim.
    actions: actions.filter((a) => role !== 'resident' || !a.action.startsWith('reviewed:')).map((a) => ({ action: a.action, actorRole: a.actorRole, note: a.actorRole === 'rule' ? ruleNote(c, a.note, locale) : a.note, amountFen: a.amountFen, at: a.at })),
    refund: refunds[0] ? { status: refunds[0].status, amountFen: refunds[0].amountFen, paidAt: refunds[0].paidAt } : null,
  };
}

/** The rule's step of the timeline names the rule that decided ("团长兜底 v1") in the reader's language. */
function ruleNote(c: Claim, note: string, locale: Locale): string {
  const suffix = ` v${c.ruleVersion}`;
  if (!note || !c.ruleKey || !note.endsWith(suffix)) return note;
  return `${ruleName(c.ruleKey, note.slice(0, -suffix.length), locale)}${suffix}`;
}

/**
 * A claim reason's params for the reader: the seed rule's name in her language, and names and
 * people's words (the leader, a note, a rule an operator named) marked with Unicode isolates.
 */
function reasonParams(c: Claim, locale: Locale) {
  const out: Record<string, string | number> = { ...c.reasonParams };
  for (const key of ['leader', 'note']) if (typeof out[key] === 'string' && out[key] !== '') out[key] = isolate(out[key] as string);
  if (c.ruleKey && typeof out.rule === 'string') {
    const shown = ruleName(c.ruleKey, out.rule, locale);
    out.rule = shown === out.rule ? isolate(shown) : shown;
  }
  return out;
}

/**
 * What each viewer may see. Another account's claim behind a photo match, the facts, sampling and
 * review outcomes and who is charged are for the people handling claims, not the resident.
 */
function publicClaim(c: Claim, role: 'resident' | 'leader' | 'operator', locale: Locale) {
  const visibleFlags = role === 'resident' ? c.flags.filter((f) => HOLD_FLAGS.has(f.kind)) : c.flags;
  const flags = (role === 'operator' ? visibleFlags : visibleFlags.map((f) => ({ kind: f.kind, detail: Object.fromEntries(Object.entries(f.detail).filter(([k]) => k !== 'otherClaimId')) })))
    .map((f) => ({ ...f, text: translate(locale, `claims.flags.${f.kind}`, f.detail) }));
  const { facts, factsUsed, sampledForReview, reviewOutcome, faultParty, leaderId, ruleAction, ruleId, ...rest } = c;
  // Leaders see a resident's level, not her score nor the quota computed from it (docs/decisions.md).
  const shownFacts = role === 'leader' && factsUsed ? Object.fromEntries(Object.entries(factsUsed).filter(([k]) => !SCORE_FACTS.has(k))) : factsUsed;
  const handling = role === 'resident' ? {} : { sampledForReview, reviewOutcome, faultParty, leaderId, ruleAction, ruleId, factsUsed: shownFacts };
  return {
    ...rest, ...handling, flags, facts: role === 'operator' ? facts : null,
    reason: translate(locale, c.reasonKey, reasonParams(c, locale)), statusLabel: translate(locale, `claims.status.${c.status}`), kindLabel: translate(locale, `claims.kinds.${c.kind}`),
  };
}

/** Names to show beside claims: the product (and its picture) and the rule that decided. */
async function claimLabels(db: DbOrTx, list: Claim[], locale: Locale) {
  if (list.length === 0) return new Map<string, { productName: string; productUnit: string; productImage: string | null; ruleName: string | null; ruleCampaignSlug: string | null }>();
  const res = (await db.execute(sql`
    select c.id, p.name as product_name, p.unit as product_unit, p.image_urls->>0 as product_image, r.key as rule_key, r.name as rule_name, k.slug as campaign_slug
    from claims c join products p on p.id = c.product_id left join guarantee_rules r on r.id = c.rule_id left join campaigns k on k.id = r.campaign_id
    where c.id in ${list.map((c) => c.id)}`)) as unknown as { rows: { id: string; product_name: string; product_unit: string; product_image: string | null; rule_key: string | null; rule_name: string | null; campaign_slug: string | null }[] };
  return new Map(res.rows.map((r) => [r.id, {
    productName: r.product_name, productUnit: r.product_unit, productImage: r.product_image,
    ruleName: r.rule_key && r.rule_name !== null ? ruleName(r.rule_key, r.rule_name, locale) : r.rule_name,
    ruleCampaignSlug: r.campaign_slug,
  }]));
}

/** A resident's claims, newest first. */
export async function myClaims(db: Db, userId: string, locale: Locale = 'zh-CN') {
  const rows = await db.select().from(claims).where(eq(claims.userId, userId)).orderBy(desc(claims.createdAt)).limit(100);
  const labels = await claimLabels(db, rows, locale);
  return rows.map((c) => ({ ...publicClaim(c, 'resident', locale), ...labels.get(c.id)! }));
}

/**
 * Her claims on the lines of one order (the order page shows each line's claim instead of a
 * second "apply" button). Another resident's order has none to show.
 */
export async function claimsForOrder(db: DbOrTx, orderId: string, userId: string) {
  return db.select({ id: claims.id, lineId: claims.lineId, status: claims.status }).from(claims)
    .where(and(eq(claims.orderId, orderId), eq(claims.userId, userId))).orderBy(asc(claims.createdAt));
}

/**
 * Which guarantees apply to her line before she files: the platform's rules always, and the rules
 * of each campaign she bought it under (with the campaign, for its page). Another resident's line is not found.
 */
export async function lineGuarantees(db: DbOrTx, lineId: string, userId: string, locale: Locale) {
  await ownLine(db, lineId, userId);
  const bought = await campaignsOfLine(db, lineId);
  const out = [];
  for (const b of bought) out.push({ slug: b.slug, name: locale === 'zh-CN' ? b.nameZh : b.nameEn, rules: await campaignGuarantee(db, b.campaignId, locale) });
  return { campaigns: out };
}

/** Her claim on one line, if any. */
export async function claimForLine(db: DbOrTx, lineId: string, userId: string) {
  const [c] = await db.select({ id: claims.id, lineId: claims.lineId, status: claims.status }).from(claims).where(and(eq(claims.lineId, lineId), eq(claims.userId, userId)));
  return c ?? null;
}

/** The leader's inbox: claims waiting for him first (soonest deadline first), then recent ones. */
export async function leaderInbox(db: Db, leaderId: string, communityId: string, filter: 'open' | 'all', page = 1, locale: Locale = 'zh-CN', pageSize = 30) {
  await community.requireLeader(db, communityId, leaderId);
  const where = filter === 'open' ? and(eq(claims.communityId, communityId), eq(claims.status, 'leader_review')) : eq(claims.communityId, communityId);
  const rows = await db.select({ claim: claims, residentName: sql<string>`(select name from users u where u.id = ${claims.userId})`, productName: sql<string>`(select name from products p where p.id = ${claims.productId})` })
    .from(claims).where(where)
    .orderBy(sql`case when ${claims.status} = 'leader_review' then 0 else 1 end`, asc(claims.deadlineAt), desc(claims.createdAt))
    .limit(pageSize + 1).offset((page - 1) * pageSize);
  const [{ open }] = await db.select({ open: sql<number>`count(*)::int` }).from(claims).where(and(eq(claims.communityId, communityId), eq(claims.status, 'leader_review')));
  return { open, hasMore: rows.length > pageSize, items: rows.slice(0, pageSize).map((r) => ({ ...publicClaim(r.claim, 'leader', locale), residentName: r.residentName, productName: r.productName })) };
}

/** The platform's queue: escalations and sampled automatic refunds waiting for a look. */
export async function platformQueue(db: Db, filter: 'escalated' | 'sampled' | 'all', page = 1, locale: Locale = 'zh-CN', pageSize = 30) {
  const where = filter === 'escalated' ? eq(claims.status, 'platform_review')
    : filter === 'sampled' ? and(eq(claims.sampledForReview, true), sql`${claims.reviewOutcome} is null`) : sql`true`;
  const rows = await db.select({
    claim: claims,
    residentName: sql<string>`(select name from users u where u.id = ${claims.userId})`,
    productName: sql<string>`(select name from products p where p.id = ${claims.productId})`,
    communityName: sql<string>`(select name from communities c where c.id = ${claims.communityId})`,
  }).from(claims).where(where).orderBy(asc(claims.escalatedAt), desc(claims.createdAt)).limit(pageSize + 1).offset((page - 1) * pageSize);
  const counts = (await db.execute(sql`select
      count(*) filter (where status = 'platform_review')::int as escalated,
      count(*) filter (where sampled_for_review and review_outcome is null)::int as sampled from claims`)) as unknown as { rows: { escalated: number; sampled: number }[] };
  return { counts: counts.rows[0], hasMore: rows.length > pageSize, items: rows.slice(0, pageSize).map((r) => ({ ...publicClaim(r.claim, 'operator', locale), residentName: r.residentName, productName: r.productName, communityName: r.communityName })) };
}

/** Photos of a claim are readable by the community's leader (residents own theirs; operators all). */
export async function mayReadClaimFiles(db: DbOrTx, claimId: string, userId: string): Promise<boolean> {
  const [c] = await db.select({ communityId: claims.communityId }).from(claims).where(eq(claims.id, claimId));
  if (!c) return false;
  const m = await community.membershipOf(db, c.communityId, userId);
  return m?.role === 'leader';
}

