import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  chainHash, consistencyProof, EMPTY_CHAIN, inclusionProof, leafHash, nodeHash, rootFromLeafHashes, splitPoint,
  verifyConsistencyProof, verifyInclusionProof,
} from './merkle.js';

// The eight leaves of the Certificate Transparency test vectors (TRUST.md §7).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ctHashes = CT_LEAVES.map((h) => leafHash(hexToBytes(h)));

/** MTH straight from the RFC's definition, written apart from the code under test. */
function referenceRoot(data: Uint8Array[]): Uint8Array {
  if (data.length === 0) return sha256(new Uint8Array());
  if (data.length === 1) return sha256(new Uint8Array([0, ...data[0]]));
  let k = 1;
  while (k << 1 < data.length) k <<= 1;
  return sha256(new Uint8Array([1, ...referenceRoot(data.slice(0, k)), ...referenceRoot(data.slice(k))]));
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i & 255, i >> 8, 7])));

describe('Merkle tree hash (RFC 6962 / 9162)', () => {
  it('gives the check roots of TRUST.md: the empty tree and the eight CT leaves', () => {
    expect(bytesToHex(rootFromLeafHashes([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(bytesToHex(rootFromLeafHashes(ctHashes))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('gives the CT roots of every prefix of the eight leaves', () => {
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    ];
    roots.forEach((r, i) => expect(bytesToHex(rootFromLeafHashes(ctHashes.slice(0, i + 1)))).toBe(r));
  });

  it('agrees with the RFC definition for sizes 0 to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const data = Array.from({ length: n }, (_, i) => new Uint8Array([i, i * 3 & 255]));
      expect(bytesToHex(rootFromLeafHashes(data.map(leafHash)))).toBe(bytesToHex(referenceRoot(data)));
    }
  });

  it('separates leaves from nodes with the 0x00 / 0x01 prefixes and splits at the largest power of two below n', () => {
    expect(bytesToHex(leafHash(new Uint8Array()))).toBe(bytesToHex(sha256(new Uint8Array([0]))));
    const a = leafHash(new Uint8Array([1]));
    const b = leafHash(new Uint8Array([2]));
    expect(bytesToHex(nodeHash(a, b))).toBe(bytesToHex(sha256(new Uint8Array([1, ...a, ...b]))));
    expect([2, 3, 4, 5, 8, 9, 17].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 16]);
    expect(() => splitPoint(1)).toThrow(RangeError);
  });

  it('chains each leaf onto the previous head, from 32 zero bytes', () => {
    const c1 = chainHash(EMPTY_CHAIN, ctHashes[0]);
    expect(bytesToHex(c1)).toBe(bytesToHex(sha256(new Uint8Array([...new Uint8Array(32), ...ctHashes[0]]))));
    expect(bytesToHex(chainHash(c1, ctHashes[1]))).toBe(bytesToHex(sha256(new Uint8Array([...c1, ...ctHashes[1]]))));
  });
});

describe('inclusion proofs', () => {
  it('verify for every leaf of every tree of 1 to 40 leaves, and fail at every other index', () => {
    const all = leavesOf(40);
    for (let n = 1; n <= 40; n++) {
      const root = rootFromLeafHashes(all.slice(0, n));
      for (let i = 0; i < n; i++) {
        const path = inclusionProof(all, i, n);
        expect(verifyInclusionProof(all[i], i, n, path, root)).toBe(true);
        // The same path does not prove the leaf elsewhere, nor in the tree of another size (with that tree's root).
        if (n > 1) expect(verifyInclusionProof(all[i], (i + 1) % n, n, path, root)).toBe(false);
        if (n < 40) expect(verifyInclusionProof(all[i], i, n + 1, path, rootFromLeafHashes(all.slice(0, n + 1)))).toBe(false);
        if (i < n - 1) expect(verifyInclusionProof(all[i], i, n - 1, path, rootFromLeafHashes(all.slice(0, n - 1)))).toBe(false);
      }
    }
  });

  it('of a one-leaf tree is empty and its root is the leaf', () => {
    const [l] = leavesOf(1);
    expect(inclusionProof([l], 0)).toEqual([]);
    expect(verifyInclusionProof(l, 0, 1, [], l)).toBe(true);
    expect(verifyInclusionProof(l, 0, 1, [l], nodeHash(l, l))).toBe(false);
    expect(verifyInclusionProof(l, 0, 0, [], l)).toBe(false);
    expect(verifyInclusionProof(l, 1, 1, [], l)).toBe(false);
    expect(verifyInclusionProof(l, -1, 1, [], l)).toBe(false);
  });

  it('refuses out-of-range requests when generating', () => {
    const all = leavesOf(4);
    expect(() => inclusionProof(all, 4, 4)).toThrow(RangeError);
    expect(() => inclusionProof(all, 0, 5)).toThrow(RangeError);
    expect(() => inclusionProof(all, 0, 0)).toThrow(RangeError);
  });

  it('refuse any single tampering: a changed, dropped, added or swapped path node, another leaf, index or size', () => {
    const all = leavesOf(64);
    const tamper = fc.record({
      n: fc.integer({ min: 1, max: 64 }),
      i: fc.nat(),
      kind: fc.constantFrom('flip', 'drop', 'add', 'swap', 'leaf', 'index', 'size', 'root'),
      pick: fc.nat(),
      bit: fc.integer({ min: 0, max: 255 }),
      extra: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    });
    fc.assert(fc.property(tamper, ({ n, i: i0, kind, pick, bit, extra }) => {
      const i = i0 % n;
      const root = rootFromLeafHashes(all.slice(0, n));
      const path = inclusionProof(all, i, n);
      let leaf = all[i];
      let index = i;
      let size = n;
      let r = root;
      let p = path.map((x) => x.slice());
      const flip = (b: Uint8Array) => { const c = b.slice(); c[bit % 32] ^= 1 << (bit % 8); return c; };
      switch (kind) {
        case 'flip': if (!p.length) return true; p[pick % p.length] = flip(p[pick % p.length]); break;
        case 'drop': if (!p.length) return true; p.splice(pick % p.length, 1); break;
        case 'add': p.splice(pick % (p.length + 1), 0, extra); break;
        case 'swap': {
          if (p.length < 2) return true;
          const a = pick % p.length; const b = (a + 1) % p.length;
          if (bytesToHex(p[a]) === bytesToHex(p[b])) return true;
          [p[a], p[b]] = [p[b], p[a]];
          break;
        }
        case 'leaf': leaf = flip(leaf); break;
        case 'index': index = (i + 1 + (pick % 64)); if (index === i) return true; break;
        // A size alone is bound by the checkpoint's signature (receipt.test.ts); here the claim is another tree, with its own root.
        case 'size': size = n + 1 + (pick % (64 - n + 1)); if (size > 64) return true; r = rootFromLeafHashes(all.slice(0, size)); break;
        case 'root': r = flip(r); break;
      }
      return !verifyInclusionProof(leaf, index, size, p, r);
    }), { numRuns: 1000 });
  });
});

describe('consistency proofs', () => {
  it('verify between every pair of sizes 0 ≤ m ≤ n ≤ 33, and fail against a changed old or new tree', () => {
    const all = leavesOf(33);
    for (let n = 0; n <= 33; n++) {
      const newRoot = rootFromLeafHashes(all.slice(0, n));
      for (let m = 0; m <= n; m++) {
        const oldRoot = rootFromLeafHashes(all.slice(0, m));
        const proof = consistencyProof(all, m, n);
        expect(verifyConsistencyProof(m, n, oldRoot, newRoot, proof)).toBe(true);
        if (m > 0 && m < n) {
          // The old tree with its last leaf changed is not a prefix of the new one.
          const forged = [...all.slice(0, m - 1), leafHash(new Uint8Array([99]))];
          expect(verifyConsistencyProof(m, n, rootFromLeafHashes(forged), newRoot, proof)).toBe(false);
          expect(verifyConsistencyProof(m, n, oldRoot, rootFromLeafHashes([...all.slice(0, n - 1), leafHash(new Uint8Array([98]))]), proof)).toBe(false);
          expect(verifyConsistencyProof(m + 1, n, oldRoot, newRoot, proof)).toBe(false);
        }
      }
    }
  });

  it('gives the CT vectors their classic proof lengths (1→8: 3 nodes, 4→8: 1, 6→8: 3, 2→5: 2)', () => {
    expect(consistencyProof(ctHashes, 1, 8)).toHaveLength(3);
    expect(consistencyProof(ctHashes, 4, 8)).toHaveLength(1);
    expect(consistencyProof(ctHashes, 6, 8)).toHaveLength(3);
    expect(consistencyProof(ctHashes.slice(0, 5), 2, 5)).toHaveLength(2);
  });

  it('treat the edges: equal sizes need equal roots and no proof, size 0 needs the empty root, shrinking fails', () => {
    const all = leavesOf(5);
    const r5 = rootFromLeafHashes(all);
    const r3 = rootFromLeafHashes(all.slice(0, 3));
    const empty = rootFromLeafHashes([]);
    expect(verifyConsistencyProof(5, 5, r5, r5, [])).toBe(true);
    expect(verifyConsistencyProof(5, 5, r5, r5, [r5])).toBe(false);
    expect(verifyConsistencyProof(5, 5, r3, r5, [])).toBe(false);
    expect(verifyConsistencyProof(0, 5, empty, r5, [])).toBe(true);
    expect(verifyConsistencyProof(0, 5, r3, r5, [])).toBe(false);
    expect(verifyConsistencyProof(0, 5, empty, r5, [r3])).toBe(false);
    expect(verifyConsistencyProof(5, 3, r5, r3, consistencyProof(all, 3, 5))).toBe(false);
    expect(verifyConsistencyProof(3, 5, r3, r5, [])).toBe(false);
  });

  it('refuse any single tampering of the proof, sizes or roots', () => {
    const all = leavesOf(48);
    const tamper = fc.record({
      n: fc.integer({ min: 2, max: 48 }),
      m0: fc.nat(),
      kind: fc.constantFrom('flip', 'drop', 'add', 'swap', 'old', 'new', 'oldSize', 'newSize'),
      pick: fc.nat(),
      bit: fc.integer({ min: 0, max: 255 }),
      extra: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    });
    fc.assert(fc.property(tamper, ({ n, m0, kind, pick, bit, extra }) => {
      const m = 1 + (m0 % (n - 1)); // 1 ≤ m < n: a proof with content
      let oldRoot = rootFromLeafHashes(all.slice(0, m));
      let newRoot = rootFromLeafHashes(all.slice(0, n));
      let p = consistencyProof(all, m, n).map((x) => x.slice());
      let mm = m;
      let nn = n;
      const flip = (b: Uint8Array) => { const c = b.slice(); c[bit % 32] ^= 1 << (bit % 8); return c; };
      switch (kind) {
        case 'flip': p[pick % p.length] = flip(p[pick % p.length]); break;
        case 'drop': p.splice(pick % p.length, 1); break;
        case 'add': p.splice(pick % (p.length + 1), 0, extra); break;
        case 'swap': {
          if (p.length < 2) return true;
          const a = pick % p.length; const b = (a + 1) % p.length;
          if (bytesToHex(p[a]) === bytesToHex(p[b])) return true;
          [p[a], p[b]] = [p[b], p[a]];
          break;
        }
        case 'old': oldRoot = flip(oldRoot); break;
        case 'new': newRoot = flip(newRoot); break;
        // Sizes alone are bound by the checkpoints' signatures (receipt.test.ts); here each claims another tree, with its root.
        case 'oldSize': mm = m + 1 + (pick % (n - m)); if (mm >= n) return true; oldRoot = rootFromLeafHashes(all.slice(0, mm)); break;
        case 'newSize': nn = n + 1 + (pick % 8); if (nn > 48) return true; newRoot = rootFromLeafHashes(all.slice(0, nn)); break;
      }
      return !verifyConsistencyProof(mm, nn, oldRoot, newRoot, p);
    }), { numRuns: 1000 });
  });
});
