/** The points module's public API (通证): double-entry transfers, balances, the ledger source. */
export { pointsAccounts, pointsTransfers, pointsServices, pointsCodes } from './schema.js';
export type { PointsCode } from './schema.js';
export { CHECKOUT_POINTS, EARNING_RULES, earnCodes, holdCodes, spendCodes } from './rules.js';
export type { EarnCode } from './rules.js';
export { communityFundBalance, grantFromFund, earnPoints, spendPoints, holdPoints, postHold, voidHold, returnPoints, returnedOf, pointsBalance, pointsHistory, reconcilePoints, localDayOf } from './service.js';
export type { FundGrantInput, EarnInput, SpendInput, HoldInput, ResolveInput, ReturnInput, HistoryEntry } from './service.js';
export { pointsLedgerSource } from './ledger.js';
