/** The aftersales module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { openDisputeClaims } from './dispute.service.js';
export { fundReport, topUpFund } from './fund.service.js';
export { campaignGuarantee, previewRule, productGuarantees, publicRules, ruleHistory, rulesForConsole, saveRule, seedGuaranteeRules } from './rules.service.js';
export { claimKinds, claimStatuses, ledgerCodes, ruleActions } from './schema.js';
export { CLAIM_FACTS, type ProductGuarantee } from './contracts.js';
export { addEvidence, claimDetail, claimForLine, lineGuarantees, claimsForOrder, escalateOverdueClaims, fileClaim, leaderDecide, leaderInbox, mayReadClaimFiles, myClaims, platformDecide, platformQueue, reviewAutomaticRefund } from './service.js';
export { CLAIM_LIMITS } from './service.js';
export { grantLeaderRefund } from './leader-refund.service.js';
export { fundEntriesLedgerSource } from './ledger-source.js';
export { checkRuleChange, declineRuleDraft, draftRuleVersion, publishRuleDraft, ruleDraft, type GuaranteeRuleDraft, type RuleChange } from './drafts.service.js';
