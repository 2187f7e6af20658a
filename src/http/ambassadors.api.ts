import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';

/** Response shapes of the campaign-ambassador routes. */

const status = z.enum(['applied', 'approved', 'rejected', 'revoked']);

export const ambassadorFacts = z.object({ tier: z.string(), trust_index: z.number(), course_passed: z.boolean(), upheld_complaints_90d: z.int() }).meta({ id: 'AmbassadorFacts' });

/** The rule in parts, each with whether it holds for his facts. */
export const eligibility = z.object({
  holds: z.boolean(),
  joiner: z.enum(['and', 'or']).nullable(),
  parts: z.array(z.object({ text: z.string(), holds: z.boolean() })),
  used: z.array(z.string()),
}).meta({ id: 'AmbassadorEligibility' });

export const ambassadorSettings = z.object({
  campaignId: z.uuid(),
  rule: z.string(),
  /** The rule in the reader's words. */
  ruleText: z.string(),
  courseId: z.uuid().nullable(),
  firstLaunchDays: z.int(),
  /** When the first-launch window ends (null: no window). */
  firstLaunchEndsAt: instant.nullable(),
  facts: z.array(z.object({ name: z.string(), label: z.string(), description: z.string() })),
}).meta({ id: 'AmbassadorSettings' });

/** A leader's own application (never another's). */
export const ownApplication = z.object({
  id: z.uuid(), campaignId: z.uuid(), communityId: z.uuid(), status, eligible: z.boolean(),
  appliedAt: instant, decidedAt: instant.nullable(), decisionReason: z.string().nullable(), revokedAt: instant.nullable(), revokeReason: z.string().nullable(),
}).meta({ id: 'AmbassadorOwnApplication' });

export const ambassadorPreview = z.object({
  campaign: z.object({ id: z.uuid(), slug: z.string(), nameZh: z.string(), nameEn: z.string(), badgeZh: z.string(), badgeEn: z.string(), startsOn: z.string(), endsOn: z.string(), status: z.string() }),
  settings: ambassadorSettings,
  course: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  facts: ambassadorFacts,
  eligibility,
  applications: z.array(ownApplication),
}).meta({ id: 'AmbassadorPreview' });

/** An application in the operators' queue, with the facts he applied with (and those read at the decision). */
export const queueItem = ownApplication.extend({
  leaderId: z.uuid(), leaderName: z.string(), communityName: z.string(), campaignNameZh: z.string(), campaignNameEn: z.string(),
  facts: ambassadorFacts, verdict: eligibility,
  decidedBy: z.uuid().nullable(),
  decisionFacts: z.object({ facts: ambassadorFacts, verdict: eligibility }).nullable(),
}).meta({ id: 'AmbassadorQueueItem' });

export const settingsCampaign = z.object({
  id: z.uuid(), slug: z.string(), nameZh: z.string(), nameEn: z.string(), status: z.string(), startsOn: z.string(), endsOn: z.string(), settings: ambassadorSettings,
}).meta({ id: 'AmbassadorSettingsCampaign' });

/** A campaign's ambassador as residents see him: name and community, never a phone number. */
export const publicAmbassador = z.object({ name: z.string(), communityName: z.string(), since: instant }).meta({ id: 'PublicAmbassador' });

export const previewList = itemsOf(ambassadorPreview);
export const queueList = itemsOf(queueItem);
export const settingsCampaignList = itemsOf(settingsCampaign);
export const publicAmbassadorList = itemsOf(publicAmbassador);
