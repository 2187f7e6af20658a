import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { listOf, translate, type Locale } from '../../platform/i18n.js';
import { describe, explainRule, parseRule, RuleSyntaxError, type RuleExplanation, type RuleNode, type Wording } from '../../platform/rules/expression.js';
import { DEFAULT_TIME_ZONE, formatInZone, localDate, zoneOffsetMs } from '../../platform/time.js';
import { campaignAmbassadors, campaignProducts, campaigns } from './schema.js';
import { getCampaign, type Campaign } from './service.js';
import { ruleWording } from '../../platform/rules/wording.js';

/** The facts an ambassador rule may use. Gathered by workflows/apply-ambassador from trust, training and aftersales. */
export const AMBASSADOR_FACT_NAMES = ['tier', 'trust_index', 'course_passed', 'upheld_complaints_90d'] as const;
export type AmbassadorFacts = { tier: string; trust_index: number; course_passed: boolean; upheld_complaints_90d: number };
export type AmbassadorApplication = typeof campaignAmbassadors.$inferSelect;

export const AMBASSADOR_LIMITS = { rule: 2000, reason: 200, minReason: 2, firstLaunchDays: 90 } as const;

/** Parses an ambassador rule or refuses it with the 1-based position of the problem. */
export function checkAmbassadorRule(rule: string): RuleNode {
  try {
    if (rule.trim() === '') throw new RuleSyntaxError('rule.syntax', 0, 'empty');
    return parseRule(rule, AMBASSADOR_FACT_NAMES);
  } catch (err) {
    if (err instanceof RuleSyntaxError) {
      throw badRequest(err.code === 'rule.unknown_fact' ? 'campaign.ambassador_rule_unknown_fact' : 'campaign.ambassador_rule_syntax', { position: err.position + 1, detail: err.detail });
    }
    throw err;
  }
}

/** Readable words for the facts, so the requirements a leader reads are generated from the rule that runs. */
function wording(locale: Locale): Wording {
  const t = (key: string) => translate(locale, key);
  return ruleWording(locale, 'honours.words', {
    fact: (name) => t(`ambassadors.facts.${name}`),
    notFact: (name) => (name === 'course_passed' ? t('ambassadors.not_course_passed') : null),
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

/** The rule in plain words (the raw text if it no longer parses). */
export function readAmbassadorRule(rule: string, locale: Locale): string {
  try {
    return describe(parseRule(rule, AMBASSADOR_FACT_NAMES), wording(locale));
  } catch {
    return rule;
  }
}

/** Whether the facts meet the campaign's rule, part by part, in the reader's language. */
export function explainEligibility(campaign: Pick<Campaign, 'ambassadorRule'>, facts: AmbassadorFacts, locale: Locale): RuleExplanation {
  return explainRule(checkAmbassadorRule(campaign.ambassadorRule), facts, wording(locale));
}

/** The failing parts of a verdict, for the refusal message ("what is missing"). */
const missingOf = (v: RuleExplanation, locale: Locale) => listOf(locale, v.parts.filter((p) => !p.holds).map((p) => p.text), 'conjunction');

/** The instant the first-launch window ends: local midnight after its last day (null: no window). */
export function firstLaunchEndsAt(c: Pick<Campaign, 'startsOn' | 'firstLaunchDays'>, timeZone = DEFAULT_TIME_ZONE): Date | null {
  if (c.firstLaunchDays <= 0) return null;
  const naive = Date.parse(`${c.startsOn}T00:00:00Z`) + c.firstLaunchDays * 86_400_000;
  return new Date(naive - zoneOffsetMs(new Date(naive), timeZone));
}

export function ambassadorFactList(locale: Locale) {
  return AMBASSADOR_FACT_NAMES.map((name) => ({ name, label: translate(locale, `ambassadors.facts.${name}`), description: translate(locale, `ambassadors.fact_help.${name}`) }));
}

export function ambassadorSettingsView(c: Campaign, locale: Locale) {
  return {
    campaignId: c.id, rule: c.ambassadorRule, ruleText: readAmbassadorRule(c.ambassadorRule, locale), courseId: c.ambassadorCourseId,
    firstLaunchDays: c.firstLaunchDays, firstLaunchEndsAt: firstLaunchEndsAt(c), facts: ambassadorFactList(locale),
  };
}

/**
 * An operator sets who may become an ambassador (rule), the course he must have passed and the
 * first-launch window. The course's existence is checked by the caller (training is above us).
 */
export async function saveAmbassadorSettings(db: Db, operatorId: string, campaignId: string, input: { rule: string; courseId: string | null; firstLaunchDays: number }, now = new Date()) {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status === 'closed') throw conflict('campaign.closed_settings');
  checkAmbassadorRule(input.rule);
  if (!Number.isInteger(input.firstLaunchDays) || input.firstLaunchDays < 0 || input.firstLaunchDays > AMBASSADOR_LIMITS.firstLaunchDays) {
    throw badRequest('campaign.first_launch_days_invalid', { max: AMBASSADOR_LIMITS.firstLaunchDays });
  }
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(campaigns).set({ ambassadorRule: input.rule.trim(), ambassadorCourseId: input.courseId, firstLaunchDays: input.firstLaunchDays, updatedAt: now })
      .where(eq(campaigns.id, campaignId)).returning();
    await recordEvent(tx, { type: 'campaign.ambassador_settings_changed', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { rule: row.ambassadorRule, courseId: row.ambassadorCourseId, firstLaunchDays: row.firstLaunchDays } });
    return row;
  });
}

function checkReason(reason: string | undefined) {
  const r = (reason ?? '').trim();
  if (r.length < AMBASSADOR_LIMITS.minReason || r.length > AMBASSADOR_LIMITS.reason) throw badRequest('campaign.ambassador_reason_required', { min: AMBASSADOR_LIMITS.minReason, max: AMBASSADOR_LIMITS.reason });
  return r;
}

/**
 * A leader applies with the facts gathered now. Refused, naming what is missing, unless they meet
 * the rule; refused while he has an application pending or is already an ambassador.
 */
export async function applyAsAmbassador(db: Db, leaderId: string, communityId: string, campaignId: string, facts: AmbassadorFacts, locale: Locale, now = new Date()) {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status !== 'published' || localDate(now, DEFAULT_TIME_ZONE) > campaign.endsOn) throw conflict('campaign.not_open_for_ambassadors');
  const standing = await standingApplication(db, campaignId, leaderId);
  if (standing) throw conflict(standing.status === 'approved' ? 'campaign.already_ambassador' : 'campaign.ambassador_pending');
  const verdict = explainEligibility(campaign, facts, locale);
  if (!verdict.holds) throw conflict('campaign.ambassador_not_eligible', { missing: missingOf(verdict, locale) });
  return inTransaction(db, async (tx) => {
    const [row] = await tx.insert(campaignAmbassadors).values({ campaignId, leaderId, communityId, facts, verdict, eligible: true, appliedAt: now })
      .onConflictDoNothing().returning();
    if (!row) throw conflict('campaign.ambassador_pending');
    await recordEvent(tx, { type: 'campaign.ambassador_applied', communityId, actorId: leaderId, subjectId: campaignId, payload: { applicationId: row.id, leaderId } });
    return row;
  });
}

async function standingApplication(db: DbOrTx, campaignId: string, leaderId: string) {
  const [row] = await db.select().from(campaignAmbassadors)
    .where(and(eq(campaignAmbassadors.campaignId, campaignId), eq(campaignAmbassadors.leaderId, leaderId), inArray(campaignAmbassadors.status, ['applied', 'approved'])));
  return row ?? null;
}

export async function getApplication(db: DbOrTx, id: string): Promise<AmbassadorApplication> {
  const [row] = await db.select().from(campaignAmbassadors).where(eq(campaignAmbassadors.id, id));
  if (!row) throw notFound('campaign.ambassador_application_not_found');
  return row;
}

/**
 * An operator approves or rejects a pending application. Approval re-reads the rule against the
 * facts gathered now: a complaint upheld since he applied blocks it, saying why. Nobody decides
 * his own application.
 */
export async function decideAmbassador(db: Db, operatorId: string, applicationId: string, input: { decision: 'approve' | 'reject'; reason?: string }, freshFacts: AmbassadorFacts | null, locale: Locale, now = new Date()) {
  const app = await getApplication(db, applicationId);
  if (app.leaderId === operatorId) throw forbidden('campaign.ambassador_self_decision');
  if (app.status !== 'applied') throw conflict('campaign.ambassador_not_pending');
  let reason: string;
  let decisionFacts: { facts: AmbassadorFacts; verdict: RuleExplanation } | null = null;
  if (input.decision === 'approve') {
    if (!freshFacts) throw badRequest('campaign.ambassador_facts_missing');
    const campaign = await getCampaign(db, app.campaignId);
    const verdict = explainEligibility(campaign, freshFacts, locale);
    if (!verdict.holds) throw conflict('campaign.ambassador_no_longer_eligible', { missing: missingOf(verdict, locale) });
    reason = (input.reason ?? '').trim().slice(0, AMBASSADOR_LIMITS.reason);
    decisionFacts = { facts: freshFacts, verdict };
  } else {
    reason = checkReason(input.reason);
  }
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(campaignAmbassadors).set({ status: input.decision === 'approve' ? 'approved' : 'rejected', decidedBy: operatorId, decidedAt: now, decisionReason: reason, decisionFacts })
      .where(and(eq(campaignAmbassadors.id, applicationId), eq(campaignAmbassadors.status, 'applied'))).returning();
    if (!row) throw conflict('campaign.ambassador_not_pending');
    await recordEvent(tx, { type: input.decision === 'approve' ? 'campaign.ambassador_approved' : 'campaign.ambassador_rejected', communityId: row.communityId, actorId: operatorId, subjectId: row.campaignId, payload: { applicationId: row.id, leaderId: row.leaderId, reason } });
    return row;
  });
}

/** An operator withdraws an ambassadorship (with a reason); the leader may apply again later. */
export async function revokeAmbassador(db: Db, operatorId: string, applicationId: string, reason: string | undefined, now = new Date()) {
  const app = await getApplication(db, applicationId);
  if (app.leaderId === operatorId) throw forbidden('campaign.ambassador_self_decision');
  const why = checkReason(reason);
  if (app.status !== 'approved') throw conflict('campaign.ambassador_not_approved');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(campaignAmbassadors).set({ status: 'revoked', revokedBy: operatorId, revokedAt: now, revokeReason: why })
      .where(and(eq(campaignAmbassadors.id, applicationId), eq(campaignAmbassadors.status, 'approved'))).returning();
    if (!row) throw conflict('campaign.ambassador_not_approved');
    await recordEvent(tx, { type: 'campaign.ambassador_revoked', communityId: row.communityId, actorId: operatorId, subjectId: row.campaignId, payload: { applicationId: row.id, leaderId: row.leaderId, reason: why } });
    return row;
  });
}

/** A leader's applications to one campaign, newest first. */
export async function applicationsOf(db: DbOrTx, campaignId: string, leaderId: string) {
  return db.select().from(campaignAmbassadors).where(and(eq(campaignAmbassadors.campaignId, campaignId), eq(campaignAmbassadors.leaderId, leaderId))).orderBy(desc(campaignAmbassadors.appliedAt));
}

type PersonRow = Omit<AmbassadorApplication, 'facts' | 'verdict' | 'decisionFacts'> & {
  facts: AmbassadorFacts; verdict: RuleExplanation; decisionFacts: { facts: AmbassadorFacts; verdict: RuleExplanation } | null;
  leaderName: string; communityName: string; campaignNameZh: string; campaignNameEn: string };

/** The operators' queue: applications with the leader, his community and the facts he applied with. */
export async function listApplications(db: DbOrTx, filter: { campaignId?: string; status?: (typeof campaignAmbassadors.$inferSelect)['status'] }): Promise<PersonRow[]> {
  const res = (await db.execute(sql`
    select a.id, a.campaign_id as "campaignId", a.leader_id as "leaderId", a.community_id as "communityId", a.facts, a.verdict, a.eligible, a.status,
      a.applied_at as "appliedAt", a.decided_by as "decidedBy", a.decided_at as "decidedAt", a.decision_reason as "decisionReason", a.decision_facts as "decisionFacts",
      a.revoked_by as "revokedBy", a.revoked_at as "revokedAt", a.revoke_reason as "revokeReason",
      u.name as "leaderName", c.name as "communityName", k.name_zh as "campaignNameZh", k.name_en as "campaignNameEn"
    from campaign_ambassadors a join users u on u.id = a.leader_id join communities c on c.id = a.community_id join campaigns k on k.id = a.campaign_id
    where (${filter.campaignId ?? null}::uuid is null or a.campaign_id = ${filter.campaignId ?? null}::uuid)
      and (${filter.status ?? null}::text is null or a.status = ${filter.status ?? null}::text)
    order by a.status = 'applied' desc, a.applied_at asc limit 500`)) as unknown as { rows: PersonRow[] };
  return res.rows.map((r) => ({ ...r, appliedAt: new Date(r.appliedAt), decidedAt: r.decidedAt && new Date(r.decidedAt), revokedAt: r.revokedAt && new Date(r.revokedAt) }));
}

/** A campaign's approved ambassadors for residents: display name and community only. */
export async function publicAmbassadors(db: DbOrTx, campaignId: string) {
  const res = (await db.execute(sql`
    select u.name as "name", c.name as "communityName", a.decided_at as "since"
    from campaign_ambassadors a join users u on u.id = a.leader_id join communities c on c.id = a.community_id
    where a.campaign_id = ${campaignId} and a.status = 'approved' order by a.decided_at asc`)) as unknown as { rows: { name: string; communityName: string; since: string | Date }[] };
  return res.rows.map((r) => ({ name: r.name, communityName: r.communityName, since: new Date(r.since) }));
}

/** The published campaigns a leader is an approved ambassador of (the badges on his profile). */
export async function ambassadorBadgesOf(db: DbOrTx, leaderId: string) {
  return db.select({ campaignId: campaigns.id, slug: campaigns.slug, nameZh: campaigns.nameZh, nameEn: campaigns.nameEn, badgeZh: campaigns.badgeZh, badgeEn: campaigns.badgeEn })
    .from(campaignAmbassadors).innerJoin(campaigns, eq(campaigns.id, campaignAmbassadors.campaignId))
    .where(and(eq(campaignAmbassadors.leaderId, leaderId), eq(campaignAmbassadors.status, 'approved'), inArray(campaigns.status, ['published'])))
    .orderBy(asc(campaignAmbassadors.decidedAt));
}

/**
 * First-launch rights: while a published campaign's first-launch window runs, only its approved
 * ambassadors may open group buys of its enrolled products. Refuses, saying when he may.
 */
export async function requireFirstLaunchRight(db: DbOrTx, leaderId: string, productIds: string[], now: Date, timeZone = DEFAULT_TIME_ZONE) {
  if (!productIds.length) return;
  const rows = await db.select({ campaign: campaigns }).from(campaignProducts).innerJoin(campaigns, eq(campaigns.id, campaignProducts.campaignId))
    .where(and(inArray(campaignProducts.productId, productIds), isNull(campaignProducts.withdrawnAt), eq(campaigns.status, 'published'), sql`${campaigns.firstLaunchDays} > 0`));
  for (const { campaign } of rows) {
    const ends = firstLaunchEndsAt(campaign, timeZone)!;
    if (now >= ends) continue;
    const standing = await standingApplication(db, campaign.id, leaderId);
    if (standing?.status === 'approved') continue;
    throw conflict('campaign.first_launch_ambassadors_only', { campaign: campaign.nameZh, until: formatInZone(ends, timeZone) });
  }
}

/** Every campaign with its ambassador settings (console editor), newest first. */
export async function campaignsForAmbassadorSettings(db: DbOrTx, locale: Locale) {
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.createdAt)).limit(200);
  return rows.map((c) => ({ id: c.id, slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status, startsOn: c.startsOn, endsOn: c.endsOn, settings: ambassadorSettingsView(c, locale) }));
}

/** Published campaigns a leader may apply to today (not yet ended). */
export async function campaignsTakingAmbassadors(db: DbOrTx, now = new Date()) {
  const today = localDate(now, DEFAULT_TIME_ZONE);
  return db.select().from(campaigns).where(and(eq(campaigns.status, 'published'), sql`${campaigns.endsOn} >= ${today}`)).orderBy(asc(campaigns.startsOn));
}
