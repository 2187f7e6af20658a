/** The ledger module's public API: the Merkle log over every append-only source, its checkpoints and receipts. */
export { appendAndCheckpoint, consistencyBetween, latestCheckpoint, ledgerOverview, receiptFor, toSignedCheckpoint, verifyLedger } from './service.js';
export type { CheckpointRun, LedgerRunOptions, VerificationResult } from './service.js';
export { loadLedgerKey, publishCheckpointFile, readPublishedCheckpoint } from './keys.js';
export type { LedgerKey } from './keys.js';
export { effectSources, ledgerSources } from './sources.js';
export type { EffectSource, WaitingEffect } from './sources.js';
export { runLedgerCheckpoint } from './job.js';
export { ledgerVerifyCommand, verifyReceiptCommand, VERIFY_RECEIPT_USAGE } from './cli.js';
