import type { Db } from './platform/db/client.js';
import type { FileStorage } from './platform/files/storage.js';
import type { ScheduledJob } from './platform/scheduler.js';
import type { PaymentProvider } from './modules/payments/index.js';
import { postLedgerEvents, sendDuePayouts, type PayoutProvider } from './modules/payouts/index.js';
import { closeDueGroupBuys } from './workflows/close-group-buy.js';
import { expireUnpaidOrders } from './modules/orders/index.js';
import { aggregateClosedGroupBuys } from './modules/fulfilment/index.js';
import { ingestTrustEvents, recomputeDueLeaderIndexes, sendBirthdayGifts } from './modules/trust/index.js';
import { escalateOverdueClaims } from './modules/aftersales/index.js';
import { sendPendingRefunds } from './modules/payments/index.js';
import { sendEventReminders } from './modules/gatherings/index.js';
import { evaluateHonoursDaily } from './modules/training/index.js';
import { sweepUnreferencedUploads } from './modules/files/index.js';
import { autoConfirmDueHandovers } from './workflows/hand-over.js';
import { markNotCollected, sendPickupReminders } from './workflows/not-collected.js';
import { purgeIdempotentRequests } from './http/idempotency.js';
import { deliverRestockAlerts } from './modules/groupbuy/index.js';
import { runLedgerCheckpoint } from './modules/ledger/index.js';
import type { Config } from './config.js';
import { returnPointsForRefunds } from './workflows/checkout-points.js';
import { advanceProposals } from './modules/governance/index.js';

/** Every job the server runs on its schedule (each isolated: see platform/scheduler.ts runTick). */
export function scheduledJobs(db: Db, deps: { payments: PaymentProvider; storage: FileStorage; payouts?: PayoutProvider; ledger?: Config['ledger'] }): ScheduledJob[] {
  return [
    { name: 'groupbuy.close-due', run: (now) => closeDueGroupBuys(db, now) },
    { name: 'orders.expire-unpaid', run: (now) => expireUnpaidOrders(db, now) },
    { name: 'fulfilment.aggregate', run: () => aggregateClosedGroupBuys(db) },
    { name: 'trust.ingest', run: (now) => ingestTrustEvents(db, 1000, now) },
    { name: 'trust.leader-index', run: (now) => recomputeDueLeaderIndexes(db, now) },
    { name: 'trust.birthday-gifts', run: (now) => sendBirthdayGifts(db, now) },
    { name: 'aftersales.escalate-overdue', run: (now) => escalateOverdueClaims(db, now) },
    { name: 'payments.send-refunds', run: (now) => sendPendingRefunds(db, deps.payments, {}, now) },
    // Points paid at checkout come back with refunds and cancellations (pro rata).
    { name: 'points.checkout-returns', run: (now) => returnPointsForRefunds(db, now) },
    { name: 'events.reminders', run: (now) => sendEventReminders(db, now) },
    { name: 'training.honours', run: (now) => evaluateHonoursDaily(db, now) },
    { name: 'fulfilment.handover-auto-confirm', run: (now) => autoConfirmDueHandovers(db, now) },
    { name: 'fulfilment.pickup-reminders', run: (now) => sendPickupReminders(db, now) },
    { name: 'fulfilment.not-collected', run: (now) => markNotCollected(db, now) },
    // Blobs of uploads whose transaction failed; hourly is plenty (they wait a day's grace).
    { name: 'files.sweep-unreferenced', everySeconds: 3600, run: (now) => sweepUnreferencedUploads(db, deps.storage, now) },
    // 到货提醒: residents waiting for a sold-out item are told when it is restocked.
    { name: 'groupbuy.restock-alerts', run: (now) => deliverRestockAlerts(db, now) },
    { name: 'http.idempotency-purge', everySeconds: 3600, run: (now) => purgeIdempotentRequests(db, now) },
    // Leaders' commission and deductions into their ledger; withdrawals still to hand to the provider.
    { name: 'payouts.ledger', run: () => postLedgerEvents(db) },
    // 社区提案: review → voting at +24 h, the close at +5 days, the effect 48 h after a passed vote.
    { name: 'governance.advance', run: (now) => advanceProposals(db, now) },
    ...(deps.payouts ? [{ name: 'payouts.send', run: (now: Date) => sendDuePayouts(db, deps.payouts!, now) }] : []),
    // The community ledger: new append-only entries become leaves, a signed checkpoint is published, every leaf re-verified.
    ...(deps.ledger ? [{ name: 'ledger.checkpoint', everySeconds: deps.ledger.checkpointEverySeconds, run: (now: Date) => runLedgerCheckpoint(db, deps.ledger!, now) }] : []),
  ];
}
