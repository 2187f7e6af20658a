/** The payouts module's public API: leaders' earnings, their ledger and withdrawals (提现). */
import './events.js'; // its event payloads, added to the platform's map
export { SandboxPayoutProvider } from './provider.js';
export type { PayoutProvider } from './provider.js';
export { earningsOf, earningsSummary, pendingHeld } from './earnings.service.js';
export { earningsPage } from './earnings-page.js';
export type { Range as EarningsRange } from './earnings.service.js';
export { account, leaderBalances, transfer, transfersOf } from './ledger.service.js';
export { postLedgerEvents } from './posting.service.js';
export { DEFAULT_PAYOUT_LIMITS, approvePayout, consolePayout, getPayout, handlePayoutNotification, listPayouts, payoutsOfLeader, rejectPayout, requestPayout, sendDuePayouts, sendPayout, withdrawnToday } from './payouts.service.js';
export type { Payout, PayoutLimits } from './payouts.service.js';
export { reconciliationReport } from './reconcile.service.js';
export { statementCsv, statementRows, statementWorkbook } from './statement.js';
export { isCalendarDate, periodRange, periods } from './period.js';
export type { Period } from './period.js';
export { payoutEntryKinds, payoutStatuses, transferCodes } from './schema.js';
export { ledgerTransfersLedgerSource } from './ledger-source.js';
export { payoutEntriesLedgerSource } from './payout-entries-source.js';
