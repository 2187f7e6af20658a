/** The campaigns module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { campaignProducts, campaignPurchases, campaigns, campaignStandards, campaignStatuses } from './schema.js';
export {
  campaignBadges, campaignBySlug, campaignsOfLine, recordCampaignPurchases, campaignRunning, createCampaign, enrolledProductIds, enrollProduct, getCampaign, missingStandards,
  provingProductIds, publishCampaign, requiredStandardIds, validateCampaign,
} from './service.js';
export type { Campaign, CampaignInput, PaidLine } from './service.js';
