/** The campaigns module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { ambassadorStatuses, campaignAmbassadors, campaignProducts, campaignPurchases, campaigns, campaignStandards, campaignStatuses } from './schema.js';
export {
  AMBASSADOR_FACT_NAMES, AMBASSADOR_LIMITS, ambassadorBadgesOf, ambassadorFactList, ambassadorSettingsView, applicationsOf, applyAsAmbassador, checkAmbassadorRule,
  decideAmbassador, explainEligibility, firstLaunchEndsAt, getApplication, listApplications, publicAmbassadors, readAmbassadorRule, requireFirstLaunchRight,
  revokeAmbassador, saveAmbassadorSettings, campaignsForAmbassadorSettings, campaignsTakingAmbassadors,
} from './ambassadors.service.js';
export type { AmbassadorApplication, AmbassadorFacts } from './ambassadors.service.js';
export {
  campaignBadges, campaignBySlug, campaignRunning, campaignsOfLine, campaignStandardsOf, campaignView, closeCampaign, createCampaign, enrolledProductIds, enrollProduct, enrolmentCandidates, enrolments, getCampaign, listAllCampaigns, listReadableCampaigns, missingStandards, provingProductIds, publicCampaign, publishCampaign, recordCampaignPurchases, requiredStandardIds, updateCampaign, validateCampaign, withdrawProduct,
} from './service.js';
export type { Campaign, CampaignInput, PaidLine } from './service.js';

export { campaignBundleProducts, campaignBundles } from './schema.js';
export { BUNDLE_LIMITS, bundlesByIds, defineBundle, getBundle, listBundles } from './bundles.service.js';
export type { BundleInput, CampaignBundle } from './bundles.service.js';
