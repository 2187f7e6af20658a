/** The payments module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { SandboxPaymentProvider } from './provider.js';
export type { PaymentProvider } from './provider.js';
export { createPayment, getMyPayment, moneyFor, paidOrderCount, paymentOfOrder, lateRefundKey, lockPaymentByRef, markHeld, openPaymentOf, refundForCancelledOrder, refundLatePayment, refundPartOfOrder, refundsByKeys, requestRefund, sendPendingRefunds } from './service.js';
export type { RefundRequest } from './service.js';
export { settleLines } from './settlement.service.js';
export type { SettleReason } from './settlement.service.js';
