import { and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db, Tx } from '../../platform/db/client.js';
import { npsAnswers, npsInvitations, npsSurveys } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { recentBuyerIds } from '../orders/index.js';
import { translate } from '../../platform/i18n.js';
import { nps } from '../trust/index.js';
import { NPS_MIN_SAMPLE } from './nps.js';

const DAY = 86_400_000;
/** TRUST.md §5: the periodic platform survey reaches one resident at most once per 90 days. */
const PLATFORM_SURVEY_GAP_DAYS = 90;
/** A round's title in characters, its sample, and how far ahead it may close. */
export const SURVEY_LIMITS = { titleMin: 2, titleMax: 40, sampleMax: 100_000, closesWithinDays: 60 } as const;

export type NpsSurvey = typeof npsSurveys.$inferSelect;

export interface SurveyRoundInput {
  subjectType: 'platform' | 'campaign';
  title: string;
  sampleSize: number;
  closesAt: Date;
  /** A campaign round: the campaign asked about. */
  campaignId?: string;
}

/** The wording asked: the platform is 「邻里」, a campaign is asked about by its name. */
export function surveyQuestion(s: Pick<NpsSurvey, 'subjectType' | 'title'>) {
  return translate('zh-CN', 'nps.question', { subject: s.subjectType === 'platform' ? '邻里' : `「${s.title}」` });
}

/**
 * Starts a survey round: a random sample of residents with a paid order in the last 30 days
 * (for the platform, none surveyed in the last 90 days); for a round tied to a campaign (campaignId),
 * of its participating residents (the frame its caller computed from the orders). Nobody is chosen by what they might answer.
 */
export async function startSurveyRound(db: Db, operatorId: string, input: SurveyRoundInput, now = new Date(), campaignFrame?: string[]) {
  const title = input.title.trim();
  if (title.length < SURVEY_LIMITS.titleMin || title.length > SURVEY_LIMITS.titleMax) throw badRequest('survey.title_invalid');
  if (!Number.isInteger(input.sampleSize) || input.sampleSize < 1 || input.sampleSize > SURVEY_LIMITS.sampleMax) throw badRequest('survey.sample_invalid');
  if (input.closesAt.getTime() <= now.getTime() + 3_600_000 || input.closesAt.getTime() > now.getTime() + SURVEY_LIMITS.closesWithinDays * DAY) throw badRequest('survey.closes_invalid');
  // A round about a named campaign samples its participating residents; a platform round takes no campaign.
  if (input.campaignId && (input.subjectType !== 'campaign' || !campaignFrame)) throw badRequest('survey.campaign_required');
  return inTransaction(db, async (tx) => {
    // One round is drawn at a time, so two rounds never invite the same resident twice by accident.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('nps-survey-round'))`);
    let frame = campaignFrame ? [...new Set(campaignFrame)] : await recentBuyerIds(tx, new Date(now.getTime() - 30 * DAY));
    if (input.subjectType === 'platform' && frame.length) {
      const recent = await tx.select({ userId: npsInvitations.userId }).from(npsInvitations).innerJoin(npsSurveys, eq(npsSurveys.id, npsInvitations.surveyId))
        .where(and(eq(npsSurveys.subjectType, 'platform'), gt(npsInvitations.invitedAt, new Date(now.getTime() - PLATFORM_SURVEY_GAP_DAYS * DAY))));
      const skip = new Set(recent.map((r) => r.userId));
      frame = frame.filter((id) => !skip.has(id));
    }
    if (frame.length === 0) throw conflict('survey.nobody_eligible');
    // Fisher–Yates on the first k places: a uniform random sample without replacement.
    const k = Math.min(input.sampleSize, frame.length);
    for (let i = 0; i < k; i++) {
      const j = i + randomInt(frame.length - i);
      [frame[i], frame[j]] = [frame[j], frame[i]];
    }
    const chosen = frame.slice(0, k);
    const [survey] = await tx.insert(npsSurveys).values({
      subjectType: input.subjectType, campaignId: input.campaignId ?? null, title, sampleSize: input.sampleSize, eligible: frame.length, invited: k,
      opensAt: now, closesAt: input.closesAt, createdBy: operatorId, createdAt: now,
    }).returning();
    for (let i = 0; i < chosen.length; i += 1000) {
      await tx.insert(npsInvitations).values(chosen.slice(i, i + 1000).map((userId) => ({ surveyId: survey.id, userId, invitedAt: now })));
    }
    await recordEvent(tx, { type: 'nps.survey_started', communityId: null, actorId: operatorId, subjectId: survey.id, payload: { subjectType: survey.subjectType, title, invited: k, eligible: frame.length } });
    return survey;
  });
}

/** An open invitation of this resident, newest first (shown before the after-pickup prompt). */
export async function openInvitation(db: Db, userId: string, now = new Date()) {
  const [row] = await db.select({ survey: npsSurveys }).from(npsInvitations).innerJoin(npsSurveys, eq(npsSurveys.id, npsInvitations.surveyId))
    .where(and(eq(npsInvitations.userId, userId), isNull(npsInvitations.answeredAt), lte(npsSurveys.opensAt, now), gt(npsSurveys.closesAt, now)))
    .orderBy(desc(npsSurveys.opensAt)).limit(1);
  return row?.survey ?? null;
}

/** Checks and marks the invitation answered, in the answer's transaction. */
export async function useInvitation(tx: Tx, surveyId: string, userId: string, now: Date) {
  const [survey] = await tx.select().from(npsSurveys).where(eq(npsSurveys.id, surveyId));
  if (!survey) throw notFound('survey.not_found');
  const [inv] = await tx.update(npsInvitations).set({ answeredAt: now })
    .where(and(eq(npsInvitations.surveyId, surveyId), eq(npsInvitations.userId, userId), isNull(npsInvitations.answeredAt))).returning();
  if (!inv) {
    const [was] = await tx.select().from(npsInvitations).where(and(eq(npsInvitations.surveyId, surveyId), eq(npsInvitations.userId, userId)));
    // Not invited: as if the survey did not exist for her.
    throw was ? conflict('survey.already_answered') : notFound('survey.not_found');
  }
  if (now < survey.opensAt || now >= survey.closesAt) throw conflict('survey.closed');
  return survey;
}

/** Rounds with their results: NPS (never below the minimum sample), n, margin and response rate. */
export async function surveyResults(db: Db, surveyIds?: string[]) {
  const surveys = await db.select().from(npsSurveys).where(surveyIds ? inArray(npsSurveys.id, surveyIds) : undefined).orderBy(desc(npsSurveys.createdAt)).limit(100);
  if (surveys.length === 0) return [];
  const answers = await db.select({ surveyId: npsAnswers.surveyId, score: npsAnswers.score }).from(npsAnswers)
    .where(inArray(npsAnswers.surveyId, surveys.map((s) => s.id)));
  const answered = await db.select({ surveyId: npsInvitations.surveyId, n: sql<number>`count(*)::int` }).from(npsInvitations)
    .where(and(inArray(npsInvitations.surveyId, surveys.map((s) => s.id)), sql`${npsInvitations.answeredAt} is not null`)).groupBy(npsInvitations.surveyId);
  return surveys.map((s) => {
    const scores = answers.filter((a) => a.surveyId === s.id).map((a) => a.score);
    const r = nps(scores);
    const insufficient = r.n < NPS_MIN_SAMPLE;
    const responded = answered.find((a) => a.surveyId === s.id)?.n ?? 0;
    return {
      ...s, question: surveyQuestion(s), responded, responseRate: s.invited ? responded / s.invited : null,
      n: r.n, promoters: r.promoters, passives: r.passives, detractors: r.detractors, insufficient, minSample: NPS_MIN_SAMPLE,
      nps: insufficient ? null : Math.round(r.nps * 10) / 10, marginOfError95: insufficient ? null : Math.round(r.marginOfError95 * 10) / 10,
    };
  });
}
