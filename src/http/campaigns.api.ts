import { z } from 'zod';
import { instant } from './api-schemas.js';
import { campaignStatuses } from '../modules/campaigns/index.js';
import { criterion, provenStandard } from './standards.api.js';

/** Response shapes of the campaign routes. */

const name = { nameZh: z.string(), nameEn: z.string() };

export const campaign = z.object({
  id: z.uuid(), slug: z.string(), ...name, storyZh: z.string(), storyEn: z.string(), startsOn: z.string(), endsOn: z.string(),
  badgeZh: z.string(), badgeEn: z.string(), status: z.enum(campaignStatuses),
  /** Published and today within its days (Asia/Shanghai). */
  running: z.boolean(), publishedAt: instant.nullable(),
}).meta({ id: 'Campaign' });

export const campaignPage = z.object({ items: z.array(campaign), total: z.number().int() }).meta({ id: 'CampaignPage' });

export const consoleCampaign = campaign.extend({
  standardIds: z.array(z.uuid()), enrolledCount: z.number().int(), provingCount: z.number().int(), createdAt: instant, updatedAt: instant,
}).meta({ id: 'ConsoleCampaign' });

const standardRef = z.object({ id: z.uuid(), ...name }).meta({ id: 'CampaignStandardRef' });

export const campaignStandard = z.object({ id: z.uuid(), ...name, descriptionZh: z.string(), descriptionEn: z.string(), criteria: z.array(criterion) }).meta({ id: 'CampaignStandard' });

export const campaignProduct = z.object({
  id: z.uuid(), name: z.string(), spec: z.string(), unit: z.string(), origin: z.string(), imageUrl: z.string().nullable(), listPriceFen: z.number().int(),
}).meta({ id: 'CampaignProductCard' });

/** The campaign page: only enrolled products proving every required standard now, each with that proof. */
export const campaignDetail = z.object({
  campaign, standards: z.array(campaignStandard),
  products: z.array(z.object({
    product: campaignProduct, standards: z.array(provenStandard),
    /** Open group buys in the reader's community selling it (only for a member who asked with ?communityId). */
    openGroupBuys: z.array(z.object({ groupBuyId: z.uuid(), title: z.string(), priceFen: z.number().int(), cutoffAt: instant, soldOut: z.boolean() })),
  })),
}).meta({ id: 'CampaignDetail' });

export const enrolment = z.object({
  productId: z.uuid(), product: campaignProduct, enrolledAt: instant, withdrawnAt: instant.nullable(), withdrawReason: z.string().nullable(),
  /** Required standards the product's current batch no longer proves (empty: proving; it shows to residents). */
  missingStandards: z.array(standardRef),
}).meta({ id: 'CampaignEnrolment' });

export const candidate = z.object({ product: campaignProduct, missingStandards: z.array(standardRef) }).meta({ id: 'CampaignCandidate' });

export const enrolled = z.object({ id: z.uuid(), campaignId: z.uuid(), productId: z.uuid(), enrolledAt: instant, withdrawnAt: instant.nullable(), withdrawReason: z.string().nullable() }).meta({ id: 'CampaignEnrolled' });

export const badges = z.object({ productId: z.uuid(), badges: z.array(z.object({ campaignId: z.uuid(), slug: z.string(), badgeZh: z.string(), badgeEn: z.string() })) }).meta({ id: 'CampaignBadges' });

export const leaderCampaign = z.object({ campaign, standards: z.array(standardRef), products: z.array(campaignProduct) }).meta({ id: 'LeaderCampaign' });
