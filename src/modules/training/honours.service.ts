import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { honourGrants, honours } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { describe, evaluate, explainRule, factsUsed, parseRule, RuleSyntaxError, type Facts, type RuleNode, type Wording } from '../../platform/rules/expression.js';
import { translate, type Locale } from '../../platform/i18n.js';
import { listAllCommunities, listMyCommunities, membershipOf } from '../community/index.js';
import { listEndorsements } from '../leaders/index.js';
import { latestLeaderReadings } from '../trust/index.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { tryLease } from '../../platform/scheduler.js';
import { randomUUID } from 'node:crypto';
import { coursesCompletedBy } from './training.service.js';
import { ruleWording } from '../../platform/rules/wording.js';

export type Honour = typeof honours.$inferSelect;
export type HonourGrant = typeof honourGrants.$inferSelect;

/** The facts an honour rule may use, with what each means (shown in the rule editor). */
export const LEADER_FACTS = {
  months_active: '担任团长的整月数（从第一次被任命为团长算起）',
  courses_completed: '已完成（考试通过）的培训课程数',
  endorsements: '现有的试用背书数（未撤回）',
  communities_led: '正在带的社区数',
  trust_index: '最新一次团长信任指数（0–100，还没有时为 0）',
  tier: "最新等级：'gold' 'silver' 'standard' 'watch' 'rectify'，还没有时为 'none'",
} as const;
export type LeaderFactName = keyof typeof LEADER_FACTS;
/** A leader's facts as rules read them: numbers, and the tier by name. */
export type LeaderFactValues = { [K in Exclude<LeaderFactName, 'tier'>]: number } & { tier: string };
const FACT_NAMES = Object.keys(LEADER_FACTS);

export const HONOUR_LIMITS = { name: 20, description: 200, reason: 200, minReason: 2, rule: 2000 } as const;

/** Parses an honour rule or refuses it with the 1-based position of the problem; nothing is stored. */
export function checkHonourRule(rule: string): RuleNode {
  try {
    if (rule.trim() === '') throw new RuleSyntaxError('rule.syntax', 0, 'empty');
    return parseRule(rule, FACT_NAMES);
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      throw badRequest(err.code === 'rule.unknown_fact' ? 'honour.unknown_fact' : 'honour.syntax', { position: err.position + 1, detail: err.detail });
    }
    throw err;
  }
}

/** Readable words for leader facts, so the rule reads as it runs ("担任团长月数 ≥ 12 并且 …"). */
function wording(locale: Locale): Wording {
  return ruleWording(locale, 'honours.words', {
    fact: (name) => translate(locale, `honours.facts.${name}`),
    value: (fact, value) => {
      if (fact === 'tier' && typeof value === 'string') {
        const key = `honours.tiers.${value}`;
        const text = translate(locale, key);
        return text === key ? value : text;
      }
      return String(value);
    },
  });
}

/** A rule in plain words in the reader's language; the raw text if it no longer parses. */
export function readRule(rule: string, locale: Locale): string {
  try {
    return describe(parseRule(rule, FACT_NAMES), wording(locale));
  } catch {
    return rule;
  }
}

/** The reason shown for a grant: the operator's words, or the rule it met, in the reader's language. */
export function grantReason(grant: { reason: string; grantedBy: string | null }, locale: Locale): string {
  return grant.grantedBy ? grant.reason : translate(locale, 'honours.by_rule', { rule: readRule(grant.reason, locale) });
}

function checkName(name: string) {
  const n = name.trim();
  if (!n || n.length > HONOUR_LIMITS.name) throw badRequest('honour.name_invalid', { max: HONOUR_LIMITS.name });
  return n;
}

function checkDescription(description: string | undefined) {
  const d = (description ?? '').trim();
  if (d.length > HONOUR_LIMITS.description) throw badRequest('honour.description_too_long', { max: HONOUR_LIMITS.description });
  return d;
}

/** A rule may be left out: null or blank means "granted by hand only". */
function normaliseRule(rule: string | null | undefined): string | null {
  if (rule === null || rule === undefined || rule.trim() === '') return null;
  checkHonourRule(rule);
  return rule.trim();
}

function checkReason(reason: string, code: string) {
  const r = reason.trim();
  if (r.length < HONOUR_LIMITS.minReason || r.length > HONOUR_LIMITS.reason) throw badRequest(code, { min: HONOUR_LIMITS.minReason, max: HONOUR_LIMITS.reason });
  return r;
}

async function getHonour(db: DbOrTx, id: string): Promise<Honour> {
  const [h] = await db.select().from(honours).where(eq(honours.id, id));
  if (!h) throw notFound('honour.not_found');
  return h;
}

const honourView = (h: Honour & { activeGrants?: number }, locale: Locale) => ({
  id: h.id, name: h.name, description: h.description, rule: h.rule, ruleText: h.rule ? readRule(h.rule, locale) : null,
  active: h.active, createdAt: h.createdAt, updatedAt: h.updatedAt, activeGrants: h.activeGrants ?? 0,
});

/** Every honour with its rule in words and how many leaders hold it; plus the facts rules may use. */
export async function listHonours(db: Db, locale: Locale) {
  const rows = await db.select({
    id: honours.id, name: honours.name, description: honours.description, rule: honours.rule, active: honours.active,
    createdBy: honours.createdBy, createdAt: honours.createdAt, updatedAt: honours.updatedAt,
    activeGrants: sql<number>`(select count(*)::int from honour_grants g where g.honour_id = honours.id and g.revoked_at is null)`,
  }).from(honours).orderBy(asc(honours.createdAt));
  return {
    items: rows.map((h) => honourView(h, locale)),
    facts: FACT_NAMES.map((name) => ({ name, label: translate(locale, `honours.facts.${name}`), description: translate(locale, `honours.fact_help.${name}`) })),
  };
}

/** Creates an honour, with a rule over leader facts or for hand grants only. */
export async function createHonour(db: Db, operatorId: string, input: { name: string; description?: string; rule?: string | null }, locale: Locale, now = new Date()) {
  const name = checkName(input.name);
  const description = checkDescription(input.description);
  const rule = normaliseRule(input.rule);
  const [row] = await db.insert(honours).values({ name, description, rule, createdBy: operatorId, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
  if (!row) throw conflict('honour.name_taken');
  return honourView(row, locale);
}

/**
 * Changes an honour's description, rule or whether it is active. Grants already made stay:
 * an honour once earned is not taken back by a later change of the rule.
 */
export async function updateHonour(db: Db, id: string, input: { description?: string; rule?: string | null; active?: boolean }, locale: Locale, now = new Date()) {
  const set: Partial<Honour> = { updatedAt: now };
  if (input.description !== undefined) set.description = checkDescription(input.description);
  if (input.rule !== undefined) set.rule = normaliseRule(input.rule);
  if (input.active !== undefined) set.active = input.active;
  const [row] = await db.update(honours).set(set).where(eq(honours.id, id)).returning();
  if (!row) throw notFound('honour.not_found');
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(honourGrants).where(and(eq(honourGrants.honourId, id), isNull(honourGrants.revokedAt)));
  return honourView({ ...row, activeGrants: Number(n) }, locale);
}

/** Everyone who leads somewhere, by id: names and communities, from the community module. */
async function leaderDirectory(db: Db) {
  const names = new Map<string, string>();
  const communityNames = new Map<string, string>();
  for (const c of await listAllCommunities(db)) {
    communityNames.set(c.id, c.name);
    for (const l of c.leaders) names.set(l.userId, l.name);
  }
  return { names, communityNames };
}

const grantView = (g: HonourGrant, dir: Awaited<ReturnType<typeof leaderDirectory>>, locale: Locale) => ({
  id: g.id, honourId: g.honourId, leaderId: g.leaderId, leaderName: dir.names.get(g.leaderId) ?? '',
  communityId: g.communityId, communityName: g.communityId ? (dir.communityNames.get(g.communityId) ?? '') : null,
  reason: grantReason(g, locale), byRule: g.grantedBy === null, facts: g.facts, grantedBy: g.grantedBy, grantedAt: g.grantedAt,
  revokedAt: g.revokedAt, revokeReason: g.revokeReason,
});

/** Every grant of an honour, standing ones first, newest first. */
export async function listGrants(db: Db, honourId: string, locale: Locale) {
  await getHonour(db, honourId);
  const rows = await db.select().from(honourGrants).where(eq(honourGrants.honourId, honourId))
    .orderBy(sql`${honourGrants.revokedAt} is not null`, desc(honourGrants.grantedAt));
  const dir = await leaderDirectory(db);
  return { items: rows.map((g) => grantView(g, dir, locale)) };
}

/**
 * An operator gives an honour by hand, with a reason the leader's neighbours will read. With a
 * community it shows on that community's profile only; without one, on all of them.
 */
export async function grantHonour(db: Db, operatorId: string, honourId: string, input: { leaderId: string; communityId?: string | null; reason: string }, locale: Locale, now = new Date()) {
  const honour = await getHonour(db, honourId);
  if (!honour.active) throw conflict('honour.inactive');
  const reason = checkReason(input.reason, 'honour.reason_required');
  const communityId = input.communityId ?? null;
  const leads = communityId
    ? (await membershipOf(db, communityId, input.leaderId))?.role === 'leader'
    : (await listMyCommunities(db, input.leaderId)).some((m) => m.role === 'leader');
  if (!leads) throw badRequest('honour.not_a_leader');
  const grant = await inTransaction(db, async (tx) => {
    const [row] = await tx.insert(honourGrants).values({ honourId, leaderId: input.leaderId, communityId, reason, grantedBy: operatorId, grantedAt: now })
      .onConflictDoNothing().returning();
    if (!row) throw conflict('honour.already_granted');
    await recordEvent(tx, { type: 'honour.granted', communityId, actorId: operatorId, subjectId: input.leaderId, payload: { honourId, honourName: honour.name, grantId: row.id, byRule: false, reason } });
    return row;
  });
  return grantView(grant, await leaderDirectory(db), locale);
}

/** Revokes a standing grant (by hand or by rule) with a reason; the row stays as history. */
export async function revokeGrant(db: Db, operatorId: string, grantId: string, reason: string, locale: Locale, now = new Date()) {
  const [existing] = await db.select().from(honourGrants).where(eq(honourGrants.id, grantId));
  if (!existing) throw notFound('honour.grant_not_found');
  const why = checkReason(reason, 'honour.revoke_reason_required');
  const grant = await inTransaction(db, async (tx) => {
    const [row] = await tx.update(honourGrants).set({ revokedAt: now, revokedBy: operatorId, revokeReason: why })
      .where(and(eq(honourGrants.id, grantId), isNull(honourGrants.revokedAt))).returning();
    if (!row) throw conflict('honour.already_revoked');
    await recordEvent(tx, { type: 'honour.revoked', communityId: row.communityId, actorId: operatorId, subjectId: row.leaderId, payload: { honourId: row.honourId, grantId, reason: why } });
    return row;
  });
  return grantView(grant, await leaderDirectory(db), locale);
}

// ---------------------------------------------------------------- leader facts and evaluation

const MONTH_START = (d: Date, months: number) => {
  // Same day next months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
};

/** Whole calendar months from `from` to `to` (0 if `to` is earlier): 15 Jan → 14 Mar is 1. */
export function wholeMonthsBetween(from: Date, to: Date): number {
  if (to <= from) return 0;
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  if (MONTH_START(from, months) > to) months -= 1;
  return Math.max(0, months);
}

type ReadingRow = { leaderId: string; communityId: string; indexValue: number | null; tier: string | null };

/**
 * Facts about leaders for honour rules (LEADER_FACTS), for one leader or all of them. Read
 * through other modules' services and the domain event log: leader memberships and latest index
 * readings from trust, endorsements from leaders, appointments from `leader.appointed` events
 * (the membership's joining date when none was recorded: a resident promoted later is counted
 * from his appointment, not from the day he moved in).
 */
export async function leaderFacts(db: Db, now = new Date(), onlyLeaderId?: string): Promise<Map<string, LeaderFactValues>> {
  const readings = ((await latestLeaderReadings(db)) as unknown as ReadingRow[]).filter((r) => !onlyLeaderId || r.leaderId === onlyLeaderId);
  if (readings.length === 0) return new Map();
  const leaderIds = [...new Set(readings.map((r) => r.leaderId))];
  const communityIds = [...new Set(readings.map((r) => r.communityId))];
  const appointed = (await db.execute(sql`
    select subject_id as "leaderId", community_id as "communityId", min(occurred_at) as at from domain_events
    where type = 'leader.appointed' and subject_id in ${leaderIds} group by 1, 2`)) as unknown as { rows: { leaderId: string; communityId: string; at: string | Date }[] };
  const appointedAt = new Map(appointed.rows.map((r) => [`${r.leaderId}:${r.communityId}`, new Date(r.at)]));
  const [completed, endorsementLists] = await Promise.all([
    coursesCompletedBy(db, leaderIds),
    Promise.all(communityIds.map((id) => listEndorsements(db, id))),
  ]);
  const endorsements = new Map<string, number>();
  for (const e of endorsementLists.flat()) {
    if (!e.withdrawnAt) endorsements.set(e.leaderId, (endorsements.get(e.leaderId) ?? 0) + 1);
  }
  const out = new Map<string, LeaderFactValues>();
  for (const leaderId of leaderIds) {
    const mine = readings.filter((r) => r.leaderId === leaderId);
    let first = now;
    for (const r of mine) {
      const at = appointedAt.get(`${leaderId}:${r.communityId}`) ?? (await membershipOf(db, r.communityId, leaderId))?.joinedAt ?? now;
      if (at < first) first = at;
    }
    const reading = mine[0];
    out.set(leaderId, {
      months_active: wholeMonthsBetween(first, now),
      courses_completed: completed.get(leaderId) ?? 0,
      endorsements: endorsements.get(leaderId) ?? 0,
      communities_led: mine.length,
      trust_index: reading.indexValue === null ? 0 : Math.round(Number(reading.indexValue) * 10) / 10,
      tier: reading.tier ?? 'none',
    });
  }
  return out;
}

/** One leader's facts, as an honour rule would read them (console: "why (not) him?"). */
export async function leaderFactsOf(db: Db, leaderId: string, now = new Date()) {
  const facts = (await leaderFacts(db, now, leaderId)).get(leaderId);
  if (!facts) throw notFound('honour.leader_not_found');
  return facts;
}

/** Whether a leader meets an honour's rule now, part by part, in the reader's language. */
export async function checkHonourFor(db: Db, honourId: string, leaderId: string, locale: Locale, now = new Date()) {
  const [honour] = await db.select().from(honours).where(eq(honours.id, honourId));
  if (!honour) throw notFound('honour.not_found');
  if (!honour.rule) return null;
  return explainRule(parseRule(honour.rule, FACT_NAMES), await leaderFactsOf(db, leaderId, now), wording(locale));
}

/**
 * Grants every active rule honour to every leader whose facts satisfy its rule and who holds no
 * grant of it yet. Never revokes, and never re-grants one an operator revoked (his decision
 * stands; he may grant it again by hand). Idempotent, and safe in parallel: the partial unique
 * index keeps one standing grant per honour and leader. The console's "evaluate now" calls it;
 * the scheduler calls `evaluateHonoursDaily`.
 */
export async function evaluateHonours(db: Db, now = new Date()): Promise<{ honours: number; granted: number }> {
  const ruled = await db.select().from(honours).where(and(eq(honours.active, true), isNotNull(honours.rule)));
  if (ruled.length === 0) return { honours: 0, granted: 0 };
  const facts = await leaderFacts(db, now);
  if (facts.size === 0) return { honours: ruled.length, granted: 0 };
  const held = await db.select({ honourId: honourGrants.honourId, leaderId: honourGrants.leaderId }).from(honourGrants)
    .where(inArray(honourGrants.honourId, ruled.map((h) => h.id)));
  const taken = new Set(held.map((g) => `${g.honourId}:${g.leaderId}`));
  let granted = 0;
  for (const honour of ruled) {
    let tree: RuleNode;
    try {
      tree = parseRule(honour.rule!, FACT_NAMES);
    } catch {
      continue; // Rules are checked when saved; a rule broken since (a fact renamed) grants nothing.
    }
    const due = [...facts].filter(([leaderId, f]) => !taken.has(`${honour.id}:${leaderId}`) && evaluate(tree, f));
    if (due.length === 0) continue;
    granted += await inTransaction(db, async (tx) => {
      let n = 0;
      for (const [leaderId, f] of due) {
        const used = Object.fromEntries([...factsUsed(tree)].sort().map((name) => [name, f[name as LeaderFactName] ?? null]));
        const [row] = await tx.insert(honourGrants).values({ honourId: honour.id, leaderId, communityId: null, reason: honour.rule!, facts: used, grantedBy: null, grantedAt: now })
          .onConflictDoNothing().returning({ id: honourGrants.id });
        if (!row) continue;
        n += 1;
        await recordEvent(tx, { type: 'honour.granted', communityId: null, actorId: null, subjectId: leaderId, payload: { honourId: honour.id, honourName: honour.name, grantId: row.id, byRule: true, rule: honour.rule, facts: used } });
      }
      return n;
    });
  }
  return { honours: ruled.length, granted };
}

const DAILY_LEASE = 'training.honours-daily';

/**
 * For the scheduler, which calls every job on each tick: evaluates honours at most once a day
 * across all instances. A 24-hour lease taken under a fresh holder id can only be taken again
 * once it has expired. Returns null when it is not yet time.
 */
export async function evaluateHonoursDaily(db: Db, now = new Date()) {
  if (!(await tryLease(db, DAILY_LEASE, randomUUID(), 86_400))) return null;
  return evaluateHonours(db, now);
}

/** The standing honours a leader shows in a community (grants for it or for all his communities). */
export async function honoursShownIn(db: DbOrTx, leaderId: string, communityId: string, locale: Locale) {
  const rows = await db.select({
    name: honours.name, description: honours.description, reason: honourGrants.reason, grantedBy: honourGrants.grantedBy, grantedAt: honourGrants.grantedAt,
  }).from(honourGrants).innerJoin(honours, eq(honours.id, honourGrants.honourId))
    .where(and(eq(honourGrants.leaderId, leaderId), isNull(honourGrants.revokedAt), eq(honours.active, true),
      sql`(${honourGrants.communityId} is null or ${honourGrants.communityId} = ${communityId})`))
    .orderBy(asc(honourGrants.grantedAt));
  return rows.map((r) => ({ name: r.name, description: r.description, reason: grantReason(r, locale), grantedAt: r.grantedAt, byRule: r.grantedBy === null }));
}
