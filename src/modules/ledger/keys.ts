import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { keyIdOf, newSecretKey, publicKeyOf, type SignedCheckpoint } from '../../platform/ledger/checkpoint.js';

/** The checkpoint signing key: kept in a file outside the database, never in a table. */
export interface LedgerKey {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  publicKeyHex: string;
  keyId: string;
}

const cache = new Map<string, LedgerKey>();

/**
 * Reads the Ed25519 key from `keyFile`, creating it (mode 0600, in a 0700 folder) on first use.
 * A file that exists but does not hold a valid key is an error, never silently replaced.
 */
export function loadLedgerKey(keyFile: string): LedgerKey {
  const abs = path.resolve(keyFile);
  const known = cache.get(abs);
  if (known) return known;
  if (!existsSync(abs)) {
    mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
    const secretKey = newSecretKey();
    const publicKey = publicKeyOf(secretKey);
    const text = JSON.stringify({ algorithm: 'Ed25519', keyId: keyIdOf(publicKey), publicKey: bytesToHex(publicKey), secretKey: bytesToHex(secretKey), createdAt: new Date().toISOString() }, null, 2);
    // Written aside then renamed: two processes starting at once end with one whole file.
    const tmp = `${abs}.${process.pid}.tmp`;
    writeFileSync(tmp, text + '\n', { mode: 0o600, flag: 'wx' });
    if (!existsSync(abs)) renameSync(tmp, abs);
  }
  chmodSync(abs, 0o600);
  const parsed = JSON.parse(readFileSync(abs, 'utf8')) as { secretKey?: string };
  if (typeof parsed.secretKey !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.secretKey)) throw new Error(`ledger key file ${abs} does not hold an Ed25519 secret key`);
  const secretKey = hexToBytes(parsed.secretKey);
  const publicKey = publicKeyOf(secretKey);
  const key = { secretKey, publicKey, publicKeyHex: bytesToHex(publicKey), keyId: keyIdOf(publicKey) };
  cache.set(abs, key);
  return key;
}

/** Publishes a signed checkpoint as a file (`<size>.json` and `latest.json`) outside the database. */
export function publishCheckpointFile(dir: string, cp: SignedCheckpoint, proofFromPrevious: { previousSize: number | null; consistencyProof: string[] }) {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify({ checkpoint: cp, ...proofFromPrevious }, null, 2) + '\n';
  writeFileSync(path.join(dir, `${cp.treeSize}.json`), text);
  const tmp = path.join(dir, `latest.json.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path.join(dir, 'latest.json'));
}

/** A published checkpoint file as written (`latest` or a tree size), or null when there is none. */
export function readPublishedCheckpoint(dir: string, name: 'latest' | number): unknown | null {
  const file = path.join(dir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
