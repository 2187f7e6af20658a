import { readFile } from 'node:fs/promises';
import { checkpointProblem, publicKeyFromHex, type SignedCheckpoint } from '../../platform/ledger/checkpoint.js';
import { verifyConsistency, verifyReceipt } from '../../platform/ledger/receipt.js';
import type { Db } from '../../platform/db/client.js';
import { runLedgerCheckpoint, type LedgerSettings } from './job.js';
import { loadLedgerKey } from './keys.js';
import { verifyLedger } from './service.js';
import { ledgerSources } from './sources.js';

export interface CliIo {
  readText(path: string): Promise<string>;
  fetchText(url: string): Promise<string>;
  out(line: string): void;
}

export const nodeIo: CliIo = {
  readText: (p) => readFile(p, 'utf8'),
  async fetchText(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return res.text();
  },
  out: (line) => console.log(line),
};

export const VERIFY_RECEIPT_USAGE = 'usage: verify-receipt <receipt.json> --key <public key hex | key URL | key file> [--against <checkpoint.json | consistency.json>]';

/** A public key given as 64 hex digits, a URL of /api/ledger/public-key, or a file holding either. */
async function resolveKey(spec: string, io: CliIo): Promise<Uint8Array> {
  const direct = publicKeyFromHex(spec);
  if (direct) return direct;
  const text = /^https?:\/\//.test(spec) ? await io.fetchText(spec) : await io.readText(spec);
  const fromText = publicKeyFromHex(text);
  if (fromText) return fromText;
  const parsed = JSON.parse(text) as { publicKey?: unknown };
  const key = typeof parsed.publicKey === 'string' ? publicKeyFromHex(parsed.publicKey) : null;
  if (!key) throw new Error('no Ed25519 public key (64 hex digits) found there');
  return key;
}

function parseArgs(args: string[]) {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--key' || a === '--against') {
      if (i + 1 >= args.length) throw new Error(`${a} needs a value`);
      flags[a.slice(2)] = args[++i];
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else positional.push(a);
  }
  return { positional, flags };
}

const sameCheckpoint = (a: SignedCheckpoint, b: SignedCheckpoint) => a.treeSize === b.treeSize && a.rootHash === b.rootHash;

/**
 * `verify-receipt`: checks a receipt file offline against the published key, and optionally that
 * its checkpoint is consistent with a later one. Exit codes: 0 verified, 1 refused, 2 usage or input.
 */
export async function verifyReceiptCommand(args: string[], io: CliIo = nodeIo): Promise<number> {
  let receipt: unknown;
  let key: Uint8Array;
  let against: unknown = undefined;
  try {
    const { positional, flags } = parseArgs(args);
    if (positional.length !== 1 || !flags.key) {
      io.out(VERIFY_RECEIPT_USAGE);
      return 2;
    }
    receipt = JSON.parse(await io.readText(positional[0]));
    key = await resolveKey(flags.key, io);
    if (flags.against) against = JSON.parse(await io.readText(flags.against));
  } catch (err) {
    io.out(`cannot read input: ${(err as Error).message}`);
    io.out(VERIFY_RECEIPT_USAGE);
    return 2;
  }
  const check = verifyReceipt(receipt, key);
  if (!check.ok) {
    io.out(`REFUSED: ${check.problem}`);
    return 1;
  }
  const r = receipt as { source: string; id: string; leafIndex: number };
  io.out(`OK: ${r.source}/${r.id} is leaf ${r.leafIndex} of the log of ${check.checkpoint.treeSize} entries (root ${check.checkpoint.rootHash}), signed ${check.checkpoint.signedAt} by key ${check.checkpoint.keyId}`);
  if (against === undefined) return 0;

  // Either a consistency answer {older, newer, proof} or a bare (or published {checkpoint}) checkpoint of the same size.
  const a = against as Record<string, unknown>;
  if (a && typeof a === 'object' && 'older' in a && 'newer' in a && 'proof' in a) {
    const older = a.older as SignedCheckpoint;
    if (!older || typeof older !== 'object' || !sameCheckpoint(older, check.checkpoint)) {
      io.out('REFUSED: the consistency proof does not start at the receipt\'s checkpoint');
      return 1;
    }
    const c = verifyConsistency(a.older, a.newer, a.proof, key);
    if (!c.ok) {
      io.out(`REFUSED: ${c.problem}`);
      return 1;
    }
    io.out(`OK: the log of ${(a.newer as SignedCheckpoint).treeSize} entries extends the receipt's checkpoint (consistency proof verified)`);
    return 0;
  }
  const cp = (a && typeof a === 'object' && 'checkpoint' in a ? a.checkpoint : a) as SignedCheckpoint;
  const problem = checkpointProblem(cp, key);
  if (problem) {
    io.out(`REFUSED: the checkpoint to compare with: ${problem}`);
    return 1;
  }
  if (cp.treeSize !== check.checkpoint.treeSize) {
    io.out(`REFUSED: the checkpoint has ${cp.treeSize} entries, the receipt's ${check.checkpoint.treeSize}: compare with /api/ledger/consistency?from=${Math.min(cp.treeSize, check.checkpoint.treeSize)}&to=${Math.max(cp.treeSize, check.checkpoint.treeSize)}`);
    return 1;
  }
  if (!sameCheckpoint(cp, check.checkpoint)) {
    io.out('REFUSED: two signed checkpoints of the same size with different roots (the log forked)');
    return 1;
  }
  io.out('OK: the receipt\'s checkpoint is the one published');
  return 0;
}

/**
 * `ledger-verify` / `ledger-checkpoint`: re-verifies the log against its sources (the second one
 * first appends and signs). Prints each problem; exit 1 when any leaf no longer matches its row or
 * the log itself was edited, 0 when all holds.
 */
export async function ledgerVerifyCommand(db: Db, settings: LedgerSettings, mode: 'verify' | 'checkpoint', out: (line: string) => void = console.log, now = new Date()): Promise<number> {
  const result = mode === 'checkpoint'
    ? (await runLedgerCheckpoint(db, settings, now, () => {})).verification
    : await verifyLedger(db, loadLedgerKey(settings.keyFile), ledgerSources, now);
  if (!result) {
    out('another instance is running the checkpoint; nothing done');
    return 0;
  }
  out(`ledger: ${result.leavesChecked} leaves checked, tree size ${result.treeSize}: ${result.ok ? 'OK' : `${result.failures.length} PROBLEM(S)`}`);
  for (const f of result.failures) out(`  ${f.kind}${f.source ? ` ${f.source}/${f.entryId}` : ''}: ${f.detail}`);
  return result.ok ? 0 : 1;
}
