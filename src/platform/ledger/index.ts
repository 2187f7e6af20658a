/** The ledger's pure crypto (browser-safe) and the source interface modules implement. */
export * from './canonical.js';
export * from './merkle.js';
export * from './checkpoint.js';
export * from './receipt.js';
export type { LedgerEntry, LedgerSource } from './source.js';
