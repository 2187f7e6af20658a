import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { DEFAULT_TIME_ZONE, zoneOffsetMs } from '../../platform/time.js';
import { communities } from '../community/index.js';
import { pointsAccounts, pointsTransfers, type PointsCode } from './schema.js';
import { EARNING_RULES, MAX_TRANSFER, earnCodes, holdCodes, returnCodeOf, spendCodes, type EarnCode } from './rules.js';

type Account = typeof pointsAccounts.$inferSelect;
type Transfer = typeof pointsTransfers.$inferSelect;
type Kind = Transfer['kind'];

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** The day (YYYY-MM-DD) of `now` in a time zone. */
export function localDayOf(now: Date, timeZone: string): string {
  return new Date(now.getTime() + zoneOffsetMs(now, timeZone)).toISOString().slice(0, 10);
}

async function communityDay(tx: DbOrTx, communityId: string, now: Date): Promise<string> {
  const [c] = await tx.select({ timeZone: communities.timeZone }).from(communities).where(eq(communities.id, communityId));
  if (!c) throw notFound('points.community_not_found');
  return localDayOf(now, c.timeZone || DEFAULT_TIME_ZONE);
}

/** The id of a resident's account in a community, made on first use. */
async function userAccountId(tx: DbOrTx, communityId: string, userId: string): Promise<string> {
  await tx.execute(sql`insert into points_accounts (community_id, kind, user_id) values (${communityId}, 'user', ${userId})
    on conflict (community_id, user_id) where kind = 'user' do nothing`);
  const [a] = await tx.select({ id: pointsAccounts.id }).from(pointsAccounts)
    .where(and(eq(pointsAccounts.communityId, communityId), eq(pointsAccounts.userId, userId), eq(pointsAccounts.kind, 'user')));
  return a.id;
}

/** The id of a community's issuance or redeemed account, made on first use. */
async function systemAccountId(tx: DbOrTx, communityId: string, kind: 'issuance' | 'redeemed' | 'community_fund'): Promise<string> {
  await tx.execute(sql`insert into points_accounts (community_id, kind) values (${communityId}, ${kind})
    on conflict (community_id, kind) where kind <> 'user' do nothing`);
  const [a] = await tx.select({ id: pointsAccounts.id }).from(pointsAccounts)
    .where(and(eq(pointsAccounts.communityId, communityId), eq(pointsAccounts.kind, kind)));
  return a.id;
}

/**
 * Locks the accounts a transfer touches, always in id order (the one lock order of this module,
 * so two transfers over the same pair never wait on each other crosswise), and returns them.
 */
async function lockAccounts(tx: DbOrTx, ids: string[]): Promise<Map<string, Account>> {
  const rows = await tx.select().from(pointsAccounts).where(inArray(pointsAccounts.id, ids)).orderBy(asc(pointsAccounts.id)).for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

const availableOf = (a: Account) => a.creditsPosted - a.debitsPosted - a.debitsPending;

function checkKey(idempotencyKey: string) {
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > 200) throw badRequest('points.bad_idempotency_key');
}
function checkRef(refId: string) {
  if (typeof refId !== 'string' || refId.length < 1 || refId.length > 200) throw badRequest('points.bad_ref');
}
function checkAmount(amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_TRANSFER) throw badRequest('points.bad_amount', { max: MAX_TRANSFER });
}
function checkNow(now: Date) {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw badRequest('points.bad_time');
}

interface Movement {
  communityId: string;
  kind: 'posted' | 'pending';
  debit: { accountId: string; userId: string | null };
  credit: { accountId: string; userId: string | null };
  code: PointsCode;
  refId: string;
  idempotencyKey: string;
  now: Date;
  returnOfId?: string | null;
  /**
   * The amount, decided once the accounts are locked and the key is known to be new: a number, or
   * null when nothing is to move (a daily cap reached). May throw to refuse.
   */
  amount: (locked: Map<string, Account>, localDay: string) => Promise<number | null>;
  /** Whether an earlier transfer under the same key is the same request (amount aside where it was computed). */
  sameAmount?: number;
}

/** A transfer under this key already exists: the same request answers with it; another is refused. */
function replay(existing: Transfer, m: Movement): Transfer {
  const same = existing.kind === m.kind && existing.code === m.code && existing.refId === m.refId
    && existing.debitAccountId === m.debit.accountId && existing.creditAccountId === m.credit.accountId
    && (m.sameAmount === undefined || existing.amount === m.sameAmount)
    && (existing.returnOfId ?? null) === (m.returnOfId ?? null);
  if (!same) throw conflict('points.idempotency_conflict');
  return existing;
}

async function byKey(tx: DbOrTx, key: string): Promise<Transfer | undefined> {
  const [t] = await tx.select().from(pointsTransfers).where(eq(pointsTransfers.idempotencyKey, key));
  return t;
}

/**
 * One transfer: lock both accounts (id order), answer a repeated key with the first transfer,
 * check the debit side can pay (every account but issuance), append the row, move the balances.
 * Returns null when `amount` decided nothing moves.
 */
async function move(tx: Tx, m: Movement): Promise<{ transfer: Transfer; replayed: boolean } | null> {
  checkKey(m.idempotencyKey);
  checkRef(m.refId);
  checkNow(m.now);
  const localDay = await communityDay(tx, m.communityId, m.now);
  const locked = await lockAccounts(tx, [m.debit.accountId, m.credit.accountId]);
  const earlier = await byKey(tx, m.idempotencyKey);
  if (earlier) return { transfer: replay(earlier, m), replayed: true };
  const amount = await m.amount(locked, localDay);
  if (amount === null) return null;
  checkAmount(amount);
  const debit = locked.get(m.debit.accountId)!;
  if (debit.kind !== 'issuance' && availableOf(debit) < amount) {
    throw new AppError('points.insufficient', 409, { available: availableOf(debit), amount });
  }
  const [row] = await tx.insert(pointsTransfers).values({
    communityId: m.communityId, kind: m.kind, debitAccountId: m.debit.accountId, creditAccountId: m.credit.accountId,
    debitUserId: m.debit.userId, creditUserId: m.credit.userId, amount, code: m.code, refId: m.refId,
    idempotencyKey: m.idempotencyKey, returnOfId: m.returnOfId ?? null, localDay, createdAt: m.now,
  }).onConflictDoNothing({ target: pointsTransfers.idempotencyKey }).returning();
  if (!row) {
    // The same key was used at the same moment over other accounts: answer as a replay would.
    const other = await byKey(tx, m.idempotencyKey);
    return { transfer: replay(other!, { ...m, sameAmount: amount }), replayed: true };
  }
  const pending = m.kind === 'pending';
  await tx.update(pointsAccounts).set(pending ? { debitsPending: sql`${pointsAccounts.debitsPending} + ${amount}` } : { debitsPosted: sql`${pointsAccounts.debitsPosted} + ${amount}` })
    .where(eq(pointsAccounts.id, m.debit.accountId));
  await tx.update(pointsAccounts).set(pending ? { creditsPending: sql`${pointsAccounts.creditsPending} + ${amount}` } : { creditsPosted: sql`${pointsAccounts.creditsPosted} + ${amount}` })
    .where(eq(pointsAccounts.id, m.credit.accountId));
  return { transfer: row, replayed: false };
}

function checkIds(userId: string, communityId: string) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(userId ?? '') || !uuid.test(communityId ?? '')) throw badRequest('points.bad_account');
}

export interface EarnInput { userId: string; communityId: string; code: EarnCode; refId: string; idempotencyKey: string; now: Date }

/**
 * Pays a resident the fixed amount of an earning code from the community's issuance account,
 * unless she already earned it `perDay` times today (the community's day): then {capped: true} and
 * nothing is recorded. The same idempotency key answers with the same transfer.
 */
export async function earnPoints(tx: Tx, input: EarnInput): Promise<{ transferId: string; amount: number } | { capped: true }> {
  if (!earnCodes.includes(input.code)) throw badRequest('points.bad_code');
  checkIds(input.userId, input.communityId);
  const rule = EARNING_RULES[input.code];
  const issuance = await systemAccountId(tx, input.communityId, 'issuance');
  const mine = await userAccountId(tx, input.communityId, input.userId);
  const moved = await move(tx, {
    communityId: input.communityId, kind: 'posted', code: input.code, refId: input.refId, idempotencyKey: input.idempotencyKey, now: input.now,
    debit: { accountId: issuance, userId: null }, credit: { accountId: mine, userId: input.userId },
    amount: async (_locked, day) => {
      // Her account is locked: earnings of the same code today are counted one request at a time.
      const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from points_transfers
        where credit_account_id = ${mine} and code = ${input.code} and local_day = ${day} and kind = 'posted'`));
      return n >= rule.perDay ? null : rule.amount;
    },
  });
  if (!moved) return { capped: true };
  return { transferId: moved.transfer.id, amount: moved.transfer.amount };
}

export interface SpendInput { userId: string; communityId: string; amount: number; code: (typeof spendCodes)[number]; refId: string; idempotencyKey: string; now: Date }

/** Spends a resident's available points (to the community's redeemed account); more than she has → points.insufficient, nothing moved. */
export async function spendPoints(tx: Tx, input: SpendInput): Promise<{ transferId: string; amount: number }> {
  if (!(spendCodes as readonly string[]).includes(input.code)) throw badRequest('points.bad_code');
  checkIds(input.userId, input.communityId);
  checkAmount(input.amount);
  const mine = await userAccountId(tx, input.communityId, input.userId);
  const redeemed = await systemAccountId(tx, input.communityId, 'redeemed');
  const moved = await move(tx, {
    communityId: input.communityId, kind: 'posted', code: input.code, refId: input.refId, idempotencyKey: input.idempotencyKey, now: input.now,
    debit: { accountId: mine, userId: input.userId }, credit: { accountId: redeemed, userId: null },
    sameAmount: input.amount, amount: async () => input.amount,
  });
  return { transferId: moved!.transfer.id, amount: moved!.transfer.amount };
}

export interface HoldInput {
  userId: string; communityId: string; amount: number; code: (typeof holdCodes)[number]; refId: string; idempotencyKey: string; now: Date;
  /** Where the points go if the hold is posted: the redeemed account, or the community fund (a proposal's stake). */
  creditTo?: 'redeemed' | 'community_fund';
}

/** Holds points (a pending transfer): no longer available, not yet spent; later posted or voided. */
export async function holdPoints(tx: Tx, input: HoldInput): Promise<{ transferId: string }> {
  if (!(holdCodes as readonly string[]).includes(input.code)) throw badRequest('points.bad_code');
  checkIds(input.userId, input.communityId);
  checkAmount(input.amount);
  const mine = await userAccountId(tx, input.communityId, input.userId);
  const redeemed = await systemAccountId(tx, input.communityId, input.creditTo ?? 'redeemed');
  const moved = await move(tx, {
    communityId: input.communityId, kind: 'pending', code: input.code, refId: input.refId, idempotencyKey: input.idempotencyKey, now: input.now,
    debit: { accountId: mine, userId: input.userId }, credit: { accountId: redeemed, userId: null },
    sameAmount: input.amount, amount: async () => input.amount,
  });
  return { transferId: moved!.transfer.id };
}

export interface FundGrantInput { communityId: string; userId: string; amount: number; refId: string; idempotencyKey: string; now: Date }

/**
 * Pays a resident from the community fund (a passed proposal to spend it, approved by an
 * operator): more than the fund holds → points.insufficient, nothing moved.
 */
export async function grantFromFund(tx: Tx, input: FundGrantInput): Promise<{ transferId: string; amount: number }> {
  checkIds(input.userId, input.communityId);
  checkAmount(input.amount);
  const fund = await systemAccountId(tx, input.communityId, 'community_fund');
  const mine = await userAccountId(tx, input.communityId, input.userId);
  const moved = await move(tx, {
    communityId: input.communityId, kind: 'posted', code: 'fund_grant', refId: input.refId, idempotencyKey: input.idempotencyKey, now: input.now,
    debit: { accountId: fund, userId: null }, credit: { accountId: mine, userId: input.userId },
    sameAmount: input.amount, amount: async () => input.amount,
  });
  return { transferId: moved!.transfer.id, amount: moved!.transfer.amount };
}

/** What the community fund holds (posted points; stakes still held are not in it yet). */
export async function communityFundBalance(db: DbOrTx, communityId: string): Promise<number> {
  const [a] = await db.select().from(pointsAccounts).where(and(eq(pointsAccounts.communityId, communityId), eq(pointsAccounts.kind, 'community_fund')));
  return a ? a.creditsPosted - a.debitsPosted - a.debitsPending : 0;
}

export interface ResolveInput { transferId: string; idempotencyKey: string; now: Date }

/** Settles a hold: a new 'post_pending' row; the held points are spent. */
export function postHold(tx: Tx, input: ResolveInput): Promise<{ transferId: string }> {
  return resolve(tx, input, 'post_pending');
}

/** Releases a hold: a new 'void_pending' row; the held points are available again. */
export function voidHold(tx: Tx, input: ResolveInput): Promise<{ transferId: string }> {
  return resolve(tx, input, 'void_pending');
}

async function resolve(tx: Tx, input: ResolveInput, kind: 'post_pending' | 'void_pending'): Promise<{ transferId: string }> {
  checkKey(input.idempotencyKey);
  checkNow(input.now);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(input.transferId ?? '')) throw notFound('points.hold_not_found');
  const [hold] = await tx.select().from(pointsTransfers).where(and(eq(pointsTransfers.id, input.transferId), eq(pointsTransfers.kind, 'pending')));
  if (!hold) throw notFound('points.hold_not_found');
  await lockAccounts(tx, [hold.debitAccountId, hold.creditAccountId]);
  const earlier = await byKey(tx, input.idempotencyKey);
  if (earlier) {
    if (earlier.kind !== kind || earlier.pendingId !== hold.id) throw conflict('points.idempotency_conflict');
    return { transferId: earlier.id };
  }
  const [settled] = await tx.select({ kind: pointsTransfers.kind }).from(pointsTransfers).where(eq(pointsTransfers.pendingId, hold.id));
  if (settled) throw conflict(settled.kind === 'post_pending' ? 'points.hold_posted' : 'points.hold_voided');
  const localDay = await communityDay(tx, hold.communityId, input.now);
  const [row] = await tx.insert(pointsTransfers).values({
    communityId: hold.communityId, kind, debitAccountId: hold.debitAccountId, creditAccountId: hold.creditAccountId,
    debitUserId: hold.debitUserId, creditUserId: hold.creditUserId, amount: hold.amount, code: hold.code, refId: hold.refId,
    idempotencyKey: input.idempotencyKey, pendingId: hold.id, localDay, createdAt: input.now,
  }).returning();
  const a = hold.amount;
  const post = kind === 'post_pending';
  await tx.update(pointsAccounts).set({
    debitsPending: sql`${pointsAccounts.debitsPending} - ${a}`,
    ...(post ? { debitsPosted: sql`${pointsAccounts.debitsPosted} + ${a}` } : {}),
  }).where(eq(pointsAccounts.id, hold.debitAccountId));
  await tx.update(pointsAccounts).set({
    creditsPending: sql`${pointsAccounts.creditsPending} - ${a}`,
    ...(post ? { creditsPosted: sql`${pointsAccounts.creditsPosted} + ${a}` } : {}),
  }).where(eq(pointsAccounts.id, hold.creditAccountId));
  return { transferId: row.id };
}

export interface ReturnInput { transferId: string; amount: number; idempotencyKey: string; now: Date }

/**
 * Gives back (part of) an earlier spend — a cancelled or refunded checkout — as a new transfer
 * from the redeemed account to the resident. Returns of one spend never add up to more than it.
 */
export async function returnPoints(tx: Tx, input: ReturnInput): Promise<{ transferId: string; amount: number }> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(input.transferId ?? '')) throw notFound('points.spend_not_found');
  checkAmount(input.amount);
  const [spend] = await tx.select().from(pointsTransfers).where(and(eq(pointsTransfers.id, input.transferId), eq(pointsTransfers.kind, 'posted'), inArray(pointsTransfers.code, [...spendCodes])));
  if (!spend) throw notFound('points.spend_not_found');
  const code = returnCodeOf[spend.code as keyof typeof returnCodeOf];
  const moved = await move(tx, {
    communityId: spend.communityId, kind: 'posted', code, refId: spend.refId, idempotencyKey: input.idempotencyKey, now: input.now,
    debit: { accountId: spend.creditAccountId, userId: spend.creditUserId }, credit: { accountId: spend.debitAccountId, userId: spend.debitUserId },
    returnOfId: spend.id, sameAmount: input.amount,
    amount: async () => {
      const [{ returned }] = rowsOf<{ returned: number }>(await tx.execute(sql`select coalesce(sum(amount), 0)::int as returned from points_transfers where return_of_id = ${spend.id}`));
      if (returned + input.amount > spend.amount) throw conflict('points.return_too_much', { left: spend.amount - returned });
      return input.amount;
    },
  });
  return { transferId: moved!.transfer.id, amount: moved!.transfer.amount };
}

/** How much of an earlier spend has been returned so far. */
export async function returnedOf(db: DbOrTx, spendTransferId: string): Promise<number> {
  const [{ returned }] = rowsOf<{ returned: number }>(await db.execute(sql`select coalesce(sum(amount), 0)::int as returned from points_transfers where return_of_id = ${spendTransferId}`));
  return returned;
}

/** A resident's points in a community: available to spend, and held (pending, e.g. a proposal's stake). */
export async function pointsBalance(db: DbOrTx, input: { userId: string; communityId: string }): Promise<{ available: number; held: number }> {
  const [a] = await db.select().from(pointsAccounts)
    .where(and(eq(pointsAccounts.communityId, input.communityId), eq(pointsAccounts.userId, input.userId), eq(pointsAccounts.kind, 'user')));
  if (!a) return { available: 0, held: 0 };
  return { available: availableOf(a), held: a.debitsPending };
}

export interface HistoryEntry {
  id: string; kind: Kind; code: PointsCode; refId: string; createdAt: string;
  /** + for points in, − for points out, 0 for the end of a hold (post/void, shown beside the hold). */
  delta: number; amount: number; pendingId: string | null;
}

/** A resident's transfers in a community, newest first (before `beforeSeq` to page on). */
export async function pointsHistory(db: DbOrTx, input: { userId: string; communityId: string; limit?: number; beforeSeq?: number }): Promise<(HistoryEntry & { seq: number })[]> {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const [a] = await db.select({ id: pointsAccounts.id }).from(pointsAccounts)
    .where(and(eq(pointsAccounts.communityId, input.communityId), eq(pointsAccounts.userId, input.userId), eq(pointsAccounts.kind, 'user')));
  if (!a) return [];
  const mine = sql`(${pointsTransfers.debitAccountId} = ${a.id} or ${pointsTransfers.creditAccountId} = ${a.id})`;
  const rows = await db.select().from(pointsTransfers)
    .where(input.beforeSeq ? and(mine, lt(pointsTransfers.seq, input.beforeSeq)) : mine)
    .orderBy(desc(pointsTransfers.seq)).limit(limit);
  return rows.map((t) => {
    const sign = t.creditAccountId === a.id ? 1 : -1;
    // A hold takes points out of "available"; voiding gives them back; posting changes nothing she can spend.
    const delta = t.kind === 'posted' || t.kind === 'pending' ? sign * t.amount : t.kind === 'void_pending' ? -sign * t.amount : 0;
    return { id: t.id, seq: t.seq, kind: t.kind, code: t.code, refId: t.refId, createdAt: t.createdAt.toISOString(), delta, amount: t.amount, pendingId: t.pendingId };
  });
}

/**
 * The books checked against themselves: for every account, its stored posted/pending sums equal
 * the sums over its transfers; over all accounts, debits equal credits. Returns the accounts
 * that disagree (none when consistent) and the totals.
 */
export async function reconcilePoints(db: DbOrTx): Promise<{ mismatched: string[]; postedDebits: number; postedCredits: number; pendingDebits: number; pendingCredits: number }> {
  const rows = rowsOf<{ id: string; ok: boolean }>(await db.execute(sql`
    with moves as (
      select debit_account_id as account,
        case when kind in ('posted', 'post_pending') then amount else 0 end as dp, 0 as cp,
        case kind when 'pending' then amount when 'post_pending' then -amount when 'void_pending' then -amount else 0 end as dpend, 0 as cpend
      from points_transfers
      union all
      select credit_account_id, 0, case when kind in ('posted', 'post_pending') then amount else 0 end,
        0, case kind when 'pending' then amount when 'post_pending' then -amount when 'void_pending' then -amount else 0 end
      from points_transfers
    ), sums as (
      select account, sum(dp)::bigint as dp, sum(cp)::bigint as cp, sum(dpend)::bigint as dpend, sum(cpend)::bigint as cpend from moves group by account
    )
    select a.id, (a.debits_posted = coalesce(s.dp, 0) and a.credits_posted = coalesce(s.cp, 0)
      and a.debits_pending = coalesce(s.dpend, 0) and a.credits_pending = coalesce(s.cpend, 0)) as ok
    from points_accounts a left join sums s on s.account = a.id`));
  const [t] = rowsOf<{ dp: string; cp: string; dpend: string; cpend: string }>(await db.execute(sql`
    select coalesce(sum(debits_posted), 0) as dp, coalesce(sum(credits_posted), 0) as cp,
      coalesce(sum(debits_pending), 0) as dpend, coalesce(sum(credits_pending), 0) as cpend from points_accounts`));
  return {
    mismatched: rows.filter((r) => !r.ok).map((r) => r.id),
    postedDebits: Number(t.dp), postedCredits: Number(t.cp), pendingDebits: Number(t.dpend), pendingCredits: Number(t.cpend),
  };
}
