import type { Db } from '../../platform/db/client.js';
import { loadLedgerKey, publishCheckpointFile } from './keys.js';
import { appendAndCheckpoint, verifyLedger } from './service.js';
import { ledgerSources } from './sources.js';

export interface LedgerSettings {
  keyFile: string;
  checkpointDir: string;
  lateCommitGraceSeconds: number;
}

/**
 * The scheduled run (job `ledger.checkpoint`): append new entries, sign and publish a checkpoint,
 * then re-verify the whole log against its sources. A detected change is recorded and logged; the
 * run itself still succeeds (it would find the same change on every retry).
 */
export async function runLedgerCheckpoint(db: Db, settings: LedgerSettings, now = new Date(), log: (msg: string) => void = console.error) {
  const key = loadLedgerKey(settings.keyFile);
  const run = await appendAndCheckpoint(db, key, { sources: ledgerSources, lateCommitGraceSeconds: settings.lateCommitGraceSeconds }, now);
  if (run.skipped) return { run, verification: null };
  if (run.checkpoint && (run.appended > 0 || run.previousSize === null)) {
    publishCheckpointFile(settings.checkpointDir, run.checkpoint, { previousSize: run.previousSize, consistencyProof: run.consistencyProof });
  }
  const verification = await verifyLedger(db, key, ledgerSources, now, 1000, settings.lateCommitGraceSeconds);
  if (!verification.ok) log(`ledger verification FAILED: ${verification.failures.length} problem(s), first: ${verification.failures[0].detail}`);
  return { run, verification };
}
