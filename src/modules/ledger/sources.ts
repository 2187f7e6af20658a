import type { LedgerSource } from '../../platform/ledger/source.js';
import { fundEntriesLedgerSource } from '../aftersales/index.js';
import { ledgerTransfersLedgerSource, payoutEntriesLedgerSource } from '../payouts/index.js';

/**
 * Every append-only table whose rows are leaves of the log, in the order a run appends them.
 * Adding a source is one line here (and its table's append-only trigger in its own migration).
 * Never remove or reorder a source once it has leaves: verification reads each through its entry.
 */
export const ledgerSources: LedgerSource[] = [
  fundEntriesLedgerSource,
  ledgerTransfersLedgerSource,
  payoutEntriesLedgerSource,
];

/** Things waiting for an operator that the ledger's console lists (governance adds its effects here). */
export interface WaitingEffect { kind: string; id: string; title: string; since: string }
export interface EffectSource { name: string; waiting(db: import('../../platform/db/client.js').DbOrTx): Promise<WaitingEffect[]> }
export const effectSources: EffectSource[] = [];
