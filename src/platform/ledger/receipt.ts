import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { parseLeafText, utf8 } from './canonical.js';
import { checkpointProblem, isHash, keyIdOf, publicKeyFromHex, type CheckpointProblem, type SignedCheckpoint } from './checkpoint.js';
import { leafHash, verifyConsistencyProof, verifyInclusionProof } from './merkle.js';

export const RECEIPT_FORMAT = 'linli-receipt/v1';

/**
 * What a resident downloads for one entry of hers: the entry's canonical text (the leaf's bytes),
 * where it sits in the log, the audit path to a signed checkpoint, and which key signed it.
 */
export interface Receipt {
  format: typeof RECEIPT_FORMAT;
  source: string;
  id: string;
  /** RFC 8785 text; leaf = SHA-256(0x00 ‖ UTF-8 bytes of this). */
  entry: string;
  leafIndex: number;
  /** Audit path, leaf first (hex). */
  inclusionProof: string[];
  checkpoint: SignedCheckpoint;
  keyId: string;
}

export type ReceiptProblem =
  | 'receipt_malformed' | 'entry_not_canonical' | 'entry_mismatch' | 'key_mismatch'
  | 'index_out_of_range' | 'inclusion_failed' | CheckpointProblem;

export type ReceiptCheck =
  | { ok: true; leafHash: string; checkpoint: SignedCheckpoint }
  | { ok: false; problem: ReceiptProblem };

export type ConsistencyProblem = 'proof_malformed' | 'size_order' | 'consistency_failed' | CheckpointProblem;
export type ConsistencyCheck = { ok: true } | { ok: false; problem: ConsistencyProblem };

function keyBytes(publicKey: Uint8Array | string): Uint8Array {
  if (typeof publicKey !== 'string') return publicKey;
  return publicKeyFromHex(publicKey) ?? new Uint8Array();
}

function hashList(x: unknown): Uint8Array[] | null {
  if (!Array.isArray(x) || !x.every(isHash)) return null;
  return x.map((h) => hexToBytes(h));
}

/**
 * Checks a receipt completely and offline: its shape, that the entry text is exactly canonical and
 * names the same source and id, that the checkpoint is signed by `publicKey` (and says so in its key
 * id), that the index lies inside the checkpoint's tree, and that the audit path — every element,
 * in order, no more and no fewer — leads from the leaf to the signed root.
 */
export function verifyReceipt(receipt: unknown, publicKey: Uint8Array | string): ReceiptCheck {
  const key = keyBytes(publicKey);
  if (!receipt || typeof receipt !== 'object' || Array.isArray(receipt)) return { ok: false, problem: 'receipt_malformed' };
  const r = receipt as Record<string, unknown>;
  const fields = ['format', 'source', 'id', 'entry', 'leafIndex', 'inclusionProof', 'checkpoint', 'keyId'];
  if (Object.keys(r).length !== fields.length || !fields.every((f) => f in r)) return { ok: false, problem: 'receipt_malformed' };
  if (r.format !== RECEIPT_FORMAT || typeof r.source !== 'string' || typeof r.id !== 'string' || typeof r.entry !== 'string' || typeof r.keyId !== 'string') {
    return { ok: false, problem: 'receipt_malformed' };
  }
  if (typeof r.leafIndex !== 'number' || !Number.isSafeInteger(r.leafIndex) || r.leafIndex < 0) return { ok: false, problem: 'receipt_malformed' };
  const path = hashList(r.inclusionProof);
  if (!path) return { ok: false, problem: 'receipt_malformed' };
  const content = parseLeafText(r.entry);
  if (!content) return { ok: false, problem: 'entry_not_canonical' };
  if (content.source !== r.source || content.id !== r.id) return { ok: false, problem: 'entry_mismatch' };
  const cpProblem = checkpointProblem(r.checkpoint, key);
  if (cpProblem) return { ok: false, problem: cpProblem };
  const cp = r.checkpoint as SignedCheckpoint;
  if (r.keyId !== keyIdOf(key) || r.keyId !== cp.keyId) return { ok: false, problem: 'key_mismatch' };
  if (r.leafIndex >= cp.treeSize) return { ok: false, problem: 'index_out_of_range' };
  const leaf = leafHash(utf8(r.entry));
  if (!verifyInclusionProof(leaf, r.leafIndex, cp.treeSize, path, hexToBytes(cp.rootHash))) return { ok: false, problem: 'inclusion_failed' };
  return { ok: true, leafHash: bytesToHex(leaf), checkpoint: cp };
}

/**
 * Checks that checkpoint `newer` extends checkpoint `older` (both signed by `publicKey`): the log
 * only grew, nothing in the first older.treeSize leaves changed.
 */
export function verifyConsistency(older: unknown, newer: unknown, proof: unknown, publicKey: Uint8Array | string): ConsistencyCheck {
  const key = keyBytes(publicKey);
  const p1 = checkpointProblem(older, key);
  if (p1) return { ok: false, problem: p1 };
  const p2 = checkpointProblem(newer, key);
  if (p2) return { ok: false, problem: p2 };
  const path = hashList(proof);
  if (!path) return { ok: false, problem: 'proof_malformed' };
  const a = older as SignedCheckpoint;
  const b = newer as SignedCheckpoint;
  if (a.treeSize > b.treeSize) return { ok: false, problem: 'size_order' };
  const ok = verifyConsistencyProof(a.treeSize, b.treeSize, hexToBytes(a.rootHash), hexToBytes(b.rootHash), path);
  return ok ? { ok: true } : { ok: false, problem: 'consistency_failed' };
}
