import { sha256 } from '@noble/hashes/sha2.js';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, inclusion and consistency proofs. Pure: runs in Node and
 * in the browser (no node: imports). Sizes and indexes are plain numbers (safe up to 2^53).
 */

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SHA-256(0x00 ‖ bytes): the hash of one leaf. */
export function leafHash(bytes: Uint8Array): Uint8Array {
  return sha256(concat(new Uint8Array([LEAF_PREFIX]), bytes));
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(new Uint8Array([NODE_PREFIX]), left, right));
}

/** The chain over the log: chain_i = SHA-256(chain_{i−1} ‖ leaf_i), starting from 32 zero bytes. */
export const EMPTY_CHAIN: Uint8Array = new Uint8Array(32);
export function chainHash(previous: Uint8Array, leaf: Uint8Array): Uint8Array {
  return sha256(concat(previous, leaf));
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  if (!(n >= 2)) throw new RangeError(`splitPoint needs n >= 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over already-hashed leaves (RFC 9162 §2.1.1); the empty tree's hash is SHA-256(""). */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array());
  return subtreeRoot(leaves, 0, leaves.length);
}

function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return leaves[start];
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}

/** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962 §2.1.1 PATH). */
export function inclusionProof(leaves: readonly Uint8Array[], index: number, size: number = leaves.length): Uint8Array[] {
  if (!Number.isSafeInteger(size) || size < 1 || size > leaves.length) throw new RangeError(`tree size ${size} out of range`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf index ${index} out of range for size ${size}`);
  const path: Uint8Array[] = [];
  let start = 0;
  let end = size;
  let m = index;
  // Walk from the root down, collecting the sibling subtree at each split; the path is leaf-first.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push(subtreeRoot(leaves, start + k, end));
      end = start + k;
    } else {
      path.push(subtreeRoot(leaves, start, start + k));
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/** The consistency proof from size `oldSize` to size `newSize` (RFC 6962 §2.1.2 PROOF/SUBPROOF). */
export function consistencyProof(leaves: readonly Uint8Array[], oldSize: number, newSize: number = leaves.length): Uint8Array[] {
  if (!Number.isSafeInteger(newSize) || newSize < 0 || newSize > leaves.length) throw new RangeError(`tree size ${newSize} out of range`);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) throw new RangeError(`old size ${oldSize} out of range for ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  return subproof(leaves, oldSize, 0, newSize, true);
}

function subproof(leaves: readonly Uint8Array[], m: number, start: number, end: number, complete: boolean): Uint8Array[] {
  const n = end - start;
  if (m === n) return complete ? [] : [subtreeRoot(leaves, start, end)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(leaves, m, start, start + k, complete), subtreeRoot(leaves, start + k, end)];
  return [...subproof(leaves, m - k, start + k, end, false), subtreeRoot(leaves, start, start + k)];
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const isOdd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/**
 * RFC 9162 §2.1.3.2: does `path` prove that `leaf` is leaf `index` of the tree of `size` with `root`?
 * Every element counts: a path that is too long, too short, reordered or altered fails.
 */
export function verifyInclusionProof(leaf: Uint8Array, index: number, size: number, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leaf.length !== 32 || root.length !== 32 || path.some((p) => p.length !== 32)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree (newSize, newRoot) extends (oldSize, oldRoot)?
 * Size 0 is consistent with anything (empty proof); equal sizes need equal roots and an empty proof.
 */
export function verifyConsistencyProof(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (oldRoot.length !== 32 || newRoot.length !== 32 || proof.some((p) => p.length !== 32)) return false;
  if (oldSize === 0) return proof.length === 0 && equalBytes(oldRoot, rootFromLeafHashes([]));
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  if (proof.length === 0) return false;
  // A power-of-two old tree is a complete subtree of the new one: its root starts the path.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1) {
    if (isOdd(n)) return false;
    n = half(n);
  }
  return n === 1;
}
