import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, utf8 } from './canonical.js';

/** The log's name inside every signed tree head: a checkpoint of another log cannot pass for ours. */
export const LEDGER_ORIGIN = 'linli-ledger/v1';

/** A signed tree head: the log's size, Merkle root and chain head at a moment, signed with Ed25519. */
export interface SignedCheckpoint {
  origin: string;
  treeSize: number;
  /** RFC 6962 Merkle tree hash of the first treeSize leaves (hex). */
  rootHash: string;
  /** chain over the same leaves (hex); 64 zeros for the empty log. */
  chainHead: string;
  /** ISO 8601 UTC. */
  signedAt: string;
  /** First 16 hex digits of SHA-256(public key). */
  keyId: string;
  /** Ed25519 over checkpointSigningText (hex). */
  signature: string;
}

export type UnsignedCheckpoint = Omit<SignedCheckpoint, 'signature'>;

const HEX32 = /^[0-9a-f]{64}$/;
const HEX64 = /^[0-9a-f]{128}$/;
const KEY_ID = /^[0-9a-f]{16}$/;

export function isHash(x: unknown): x is string {
  return typeof x === 'string' && HEX32.test(x);
}

export function keyIdOf(publicKey: Uint8Array): string {
  return bytesToHex(sha256(publicKey)).slice(0, 16);
}

/** A 32-byte Ed25519 public key from hex (64 digits), or null. */
export function publicKeyFromHex(hex: string): Uint8Array | null {
  const h = hex.trim().toLowerCase();
  return HEX32.test(h) ? hexToBytes(h) : null;
}

/** The exact bytes that are signed: the RFC 8785 form of every field but the signature. */
export function checkpointSigningText(c: UnsignedCheckpoint): string {
  return canonicalJson({ origin: c.origin, treeSize: c.treeSize, rootHash: c.rootHash, chainHead: c.chainHead, signedAt: c.signedAt, keyId: c.keyId });
}

export function newSecretKey(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

export function signCheckpoint(fields: Omit<UnsignedCheckpoint, 'origin' | 'keyId'>, secretKey: Uint8Array): SignedCheckpoint {
  const unsigned: UnsignedCheckpoint = { origin: LEDGER_ORIGIN, ...fields, keyId: keyIdOf(publicKeyOf(secretKey)) };
  const signature = bytesToHex(ed25519.sign(utf8(checkpointSigningText(unsigned)), secretKey));
  return { ...unsigned, signature };
}

export type CheckpointProblem = 'checkpoint_malformed' | 'checkpoint_origin' | 'checkpoint_key' | 'checkpoint_signature';

/** Why a checkpoint fails against this public key, or null when its every field is well-formed and signed by it. */
export function checkpointProblem(c: unknown, publicKey: Uint8Array): CheckpointProblem | null {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'checkpoint_malformed';
  const x = c as Record<string, unknown>;
  const fields = ['origin', 'treeSize', 'rootHash', 'chainHead', 'signedAt', 'keyId', 'signature'];
  if (Object.keys(x).length !== fields.length || !fields.every((f) => f in x)) return 'checkpoint_malformed';
  if (typeof x.treeSize !== 'number' || !Number.isSafeInteger(x.treeSize) || x.treeSize < 0) return 'checkpoint_malformed';
  if (!isHash(x.rootHash) || !isHash(x.chainHead) || typeof x.signature !== 'string' || !HEX64.test(x.signature)) return 'checkpoint_malformed';
  if (typeof x.signedAt !== 'string' || Number.isNaN(Date.parse(x.signedAt)) || typeof x.keyId !== 'string' || !KEY_ID.test(x.keyId)) return 'checkpoint_malformed';
  if (x.origin !== LEDGER_ORIGIN) return 'checkpoint_origin';
  if (publicKey.length !== 32 || x.keyId !== keyIdOf(publicKey)) return 'checkpoint_key';
  const cp = x as unknown as SignedCheckpoint;
  let ok = false;
  try {
    ok = ed25519.verify(hexToBytes(cp.signature), utf8(checkpointSigningText(cp)), publicKey);
  } catch {
    ok = false;
  }
  return ok ? null : 'checkpoint_signature';
}
