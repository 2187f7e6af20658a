import type { Db } from '../platform/db/client.js';
import { badRequest } from '../platform/errors.js';
import type { Locale } from '../platform/i18n.js';
import * as campaigns from '../modules/campaigns/index.js';
import { requireLeader } from '../modules/community/index.js';
import { upheldComplaintCount } from '../modules/trust/index.js';
import { certificatesOf, leaderFactsOf, listCoursesForConsole } from '../modules/training/index.js';

/** Complaints within this many days block an ambassadorship (the `upheld_complaints_90d` fact). */
const COMPLAINT_DAYS = 90;

/**
 * A leader's facts as ambassador rules read them, gathered from the modules that own them: tier
 * and index as honour rules see them (training reads trust), the campaign's course from his
 * certificates, complaints by the leader index's own definition.
 */
export async function ambassadorFacts(db: Db, leaderId: string, campaign: Pick<campaigns.Campaign, 'ambassadorCourseId'>, now = new Date()): Promise<campaigns.AmbassadorFacts> {
  const [leader, certificates, complaints] = await Promise.all([
    leaderFactsOf(db, leaderId, now),
    campaign.ambassadorCourseId ? certificatesOf(db, leaderId) : Promise.resolve([]),
    upheldComplaintCount(db, leaderId, COMPLAINT_DAYS, now),
  ]);
  return {
    tier: leader.tier,
    trust_index: leader.trust_index,
    // No course named: nothing to pass.
    course_passed: campaign.ambassadorCourseId ? certificates.some((c) => c.courseId === campaign.ambassadorCourseId && c.completedAt <= now) : true,
    upheld_complaints_90d: complaints,
  };
}

/** What a leader sees on the campaign's ambassador page: the rule in parts against his facts now, and his applications. */
export async function ambassadorPreview(db: Db, leaderId: string, communityId: string, campaignId: string, locale: Locale, now = new Date()) {
  await requireLeader(db, communityId, leaderId);
  const campaign = await campaigns.getCampaign(db, campaignId);
  const facts = await ambassadorFacts(db, leaderId, campaign, now);
  const course = campaign.ambassadorCourseId ? (await listCoursesForConsole(db)).find((c) => c.id === campaign.ambassadorCourseId) ?? null : null;
  return {
    campaign: { id: campaign.id, slug: campaign.slug, nameZh: campaign.nameZh, nameEn: campaign.nameEn, badgeZh: campaign.badgeZh, badgeEn: campaign.badgeEn, startsOn: campaign.startsOn, endsOn: campaign.endsOn, status: campaign.status },
    settings: campaigns.ambassadorSettingsView(campaign, locale),
    course: course ? { id: course.id, title: course.title } : null,
    facts,
    eligibility: campaigns.explainEligibility(campaign, facts, locale),
    applications: await campaigns.applicationsOf(db, campaignId, leaderId),
  };
}

/** Every campaign taking ambassadors now, each with his preview (the leader's ambassador page). */
export async function ambassadorPreviews(db: Db, leaderId: string, communityId: string, locale: Locale, now = new Date()) {
  await requireLeader(db, communityId, leaderId);
  const open = await campaigns.campaignsTakingAmbassadors(db, now);
  const items = [];
  for (const c of open) items.push(await ambassadorPreview(db, leaderId, communityId, c.id, locale, now));
  return items;
}

/** A leader of the community applies; his facts are gathered now and kept with the application. */
export async function applyAmbassador(db: Db, leaderId: string, communityId: string, campaignId: string, locale: Locale, now = new Date()) {
  await requireLeader(db, communityId, leaderId);
  const campaign = await campaigns.getCampaign(db, campaignId);
  const facts = await ambassadorFacts(db, leaderId, campaign, now);
  return campaigns.applyAsAmbassador(db, leaderId, communityId, campaignId, facts, locale, now);
}

/** An operator approves or rejects; approval reads the leader's facts again. */
export async function decideAmbassador(db: Db, operatorId: string, applicationId: string, input: { decision: 'approve' | 'reject'; reason?: string }, locale: Locale, now = new Date()) {
  const app = await campaigns.getApplication(db, applicationId);
  const fresh = input.decision === 'approve' && app.leaderId !== operatorId && app.status === 'applied'
    ? await ambassadorFacts(db, app.leaderId, await campaigns.getCampaign(db, app.campaignId), now).catch(() => null)
    : null;
  return campaigns.decideAmbassador(db, operatorId, applicationId, input, fresh, locale, now);
}

/** An operator sets the rule, the required course (a published course) and the first-launch window. */
export async function saveAmbassadorSettings(db: Db, operatorId: string, campaignId: string, input: { rule: string; courseId: string | null; firstLaunchDays: number }, now = new Date()) {
  if (input.courseId) {
    const course = (await listCoursesForConsole(db)).find((c) => c.id === input.courseId);
    if (!course || course.status !== 'published') throw badRequest('campaign.ambassador_course_unknown');
  }
  return campaigns.saveAmbassadorSettings(db, operatorId, campaignId, input, now);
}
