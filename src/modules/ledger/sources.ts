import type { LedgerSource } from '../../platform/ledger/source.js';
import { fundEntriesLedgerSource } from '../aftersales/index.js';
import { ledgerTransfersLedgerSource, payoutEntriesLedgerSource } from '../payouts/index.js';
import { pointsLedgerSource } from '../points/index.js';
import { awaitingEffects, governanceLedgerSources } from '../governance/index.js';
import type { DbOrTx } from '../../platform/db/client.js';

/**
 * Every append-only table whose rows are leaves of the log, in the order a run appends them.
 * Adding a source is one line here (and its table's append-only trigger in its own migration).
 * Never remove or reorder a source once it has leaves: verification reads each through its entry.
 */
export const ledgerSources: LedgerSource[] = [
  fundEntriesLedgerSource,
  ledgerTransfersLedgerSource,
  payoutEntriesLedgerSource,
  pointsLedgerSource,
  ...governanceLedgerSources,
];

/** Things waiting for an operator that the ledger's console lists (governance adds its effects here). */
export interface WaitingEffect { kind: string; id: string; title: string; since: string }
export interface EffectSource { name: string; waiting(db: DbOrTx): Promise<WaitingEffect[]> }
export const effectSources: EffectSource[] = [
  {
    name: 'governance',
    async waiting(db) {
      return (await awaitingEffects(db)).map((e) => ({ kind: e.kind, id: e.id, title: e.title, since: e.createdAt.toISOString() }));
    },
  },
];
