import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { leafText, parseLeafText, utf8 } from './canonical.js';
import { keyIdOf, newSecretKey, publicKeyOf, signCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { chainHash, consistencyProof, EMPTY_CHAIN, inclusionProof, leafHash, rootFromLeafHashes } from './merkle.js';
import { RECEIPT_FORMAT, verifyConsistency, verifyReceipt, type Receipt } from './receipt.js';

const secret = newSecretKey();
const publicKey = publicKeyOf(secret);
const otherSecret = newSecretKey();

const texts = Array.from({ length: 13 }, (_, i) => leafText({ source: 'fund_entries', id: String(i + 1), body: { amountFen: 100 * (i + 1), code: 'claim_refund', memo: '草莓坏了' } }));
const hashes = texts.map((t) => leafHash(utf8(t)));

function checkpointAt(size: number, key = secret, signedAt = '2026-12-05T10:00:00.000Z'): SignedCheckpoint {
  const chain = hashes.slice(0, size).reduce((c, l) => chainHash(c, l), EMPTY_CHAIN);
  return signCheckpoint({ treeSize: size, rootHash: bytesToHex(rootFromLeafHashes(hashes.slice(0, size))), chainHead: bytesToHex(chain), signedAt }, key);
}

function receiptFor(index: number, size: number, key = secret): Receipt {
  const cp = checkpointAt(size, key);
  return {
    format: RECEIPT_FORMAT, source: 'fund_entries', id: String(index + 1), entry: texts[index], leafIndex: index,
    inclusionProof: inclusionProof(hashes, index, size).map(bytesToHex), checkpoint: cp, keyId: cp.keyId,
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const problem = (r: unknown, key: Uint8Array | string = publicKey) => {
  const c = verifyReceipt(r, key);
  return c.ok ? 'ok' : c.problem;
};

describe('canonical entry text (RFC 8785)', () => {
  it('sorts keys, keeps integers and Chinese text as they are, and round-trips only its own canonical form', () => {
    const t = leafText({ source: 's', id: '7', body: { z: 1, a: '草莓', n: null, list: [2, 1] } });
    expect(t).toBe('{"body":{"a":"草莓","list":[2,1],"n":null,"z":1},"id":"7","source":"s","v":1}');
    expect(parseLeafText(t)).toEqual({ source: 's', id: '7', body: { z: 1, a: '草莓', n: null, list: [2, 1] } });
    expect(parseLeafText(t.replace('{"body"', '{ "body"'))).toBeNull();
    expect(parseLeafText('{"id":"7","body":{},"source":"s","v":1}')).toBeNull();
    expect(parseLeafText('{"body":{},"extra":1,"id":"7","source":"s","v":1}')).toBeNull();
    expect(parseLeafText('not json')).toBeNull();
  });
});

describe('verifyReceipt', () => {
  it('accepts the receipt of every leaf of every checkpoint size 1 to 13, with the key as bytes or hex', () => {
    for (let n = 1; n <= 13; n++) {
      for (let i = 0; i < n; i++) expect(problem(receiptFor(i, n))).toBe('ok');
    }
    expect(problem(receiptFor(3, 9), bytesToHex(publicKey))).toBe('ok');
  });

  it('refuses each kind of tampering with its own reason', () => {
    const good = receiptFor(5, 11);
    const t = (f: (r: Receipt & Record<string, unknown>) => void) => { const r = clone(good) as Receipt & Record<string, unknown>; f(r); return problem(r); };
    expect(t((r) => { r.leafIndex = 6; })).toBe('inclusion_failed');
    expect(t((r) => { r.leafIndex = 11; })).toBe('index_out_of_range');
    expect(t((r) => { r.leafIndex = -1; })).toBe('receipt_malformed');
    expect(t((r) => { r.leafIndex = 2.5; })).toBe('receipt_malformed');
    expect(t((r) => { r.inclusionProof.push(r.inclusionProof[0]); })).toBe('inclusion_failed');
    expect(t((r) => { r.inclusionProof.pop(); })).toBe('inclusion_failed');
    expect(t((r) => { r.inclusionProof.reverse(); })).toBe('inclusion_failed');
    expect(t((r) => { r.inclusionProof[1] = r.inclusionProof[1].replace(/^./, (c) => (c === '0' ? '1' : '0')); })).toBe('inclusion_failed');
    expect(t((r) => { r.inclusionProof[0] = r.inclusionProof[0].toUpperCase(); })).toBe('receipt_malformed');
    expect(t((r) => { r.inclusionProof[0] = r.inclusionProof[0].slice(2); })).toBe('receipt_malformed');
    expect(t((r) => { r.entry = r.entry.replace('600', '700'); })).toBe('inclusion_failed');
    expect(t((r) => { r.entry = r.entry.replace('{"body"', '{ "body"'); })).toBe('entry_not_canonical');
    expect(t((r) => { r.id = '7'; })).toBe('entry_mismatch');
    expect(t((r) => { r.source = 'points_transfers'; })).toBe('entry_mismatch');
    expect(t((r) => { r.checkpoint.treeSize = 12; })).toBe('checkpoint_signature');
    expect(t((r) => { r.checkpoint.rootHash = bytesToHex(rootFromLeafHashes(hashes.slice(0, 12))); })).toBe('checkpoint_signature');
    expect(t((r) => { r.checkpoint.chainHead = '0'.repeat(64); })).toBe('checkpoint_signature');
    expect(t((r) => { r.checkpoint.signedAt = '2026-12-06T10:00:00.000Z'; })).toBe('checkpoint_signature');
    expect(t((r) => { r.checkpoint.signature = r.checkpoint.signature.replace(/.$/, (c) => (c === '0' ? '1' : '0')); })).toBe('checkpoint_signature');
    expect(t((r) => { r.checkpoint.origin = 'other-log'; })).toBe('checkpoint_origin');
    expect(t((r) => { r.keyId = '0123456789abcdef'; })).toBe('key_mismatch');
    expect(t((r) => { r.format = 'linli-receipt/v0' as typeof RECEIPT_FORMAT; })).toBe('receipt_malformed');
    expect(t((r) => { r.extra = 1; })).toBe('receipt_malformed');
    expect(t((r) => { delete (r as Partial<Receipt>).checkpoint; })).toBe('receipt_malformed');
    expect(problem(null)).toBe('receipt_malformed');
    expect(problem([good])).toBe('receipt_malformed');
  });

  it('refuses a checkpoint from another key, and a good receipt checked against another key', () => {
    expect(problem(receiptFor(2, 5, otherSecret))).toBe('checkpoint_key');
    const forged = receiptFor(2, 5);
    // Re-signed by another key but claiming ours: the signature does not hold.
    const other = signCheckpoint({ treeSize: 5, rootHash: forged.checkpoint.rootHash, chainHead: forged.checkpoint.chainHead, signedAt: forged.checkpoint.signedAt }, otherSecret);
    expect(problem({ ...forged, checkpoint: { ...other, keyId: keyIdOf(publicKey) } })).toBe('checkpoint_signature');
    expect(problem(forged, publicKeyOf(otherSecret))).toBe('checkpoint_key');
    expect(problem(forged, 'not a key')).toBe('checkpoint_key');
  });

  it('handles the one-leaf log: an empty path is right, any path node is wrong', () => {
    const r = receiptFor(0, 1);
    expect(r.inclusionProof).toEqual([]);
    expect(problem(r)).toBe('ok');
    expect(problem({ ...r, inclusionProof: [bytesToHex(hashes[0])] })).toBe('inclusion_failed');
  });

  it('refuses any single character changed anywhere in a receipt (property)', () => {
    const good = receiptFor(6, 13);
    const text = JSON.stringify(good);
    fc.assert(fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom('0', '1', 'a', 'f', '9', 'x', '"', ' '), (at, ch) => {
      if (text[at] === ch) return true;
      const changed = text.slice(0, at) + ch + text.slice(at + 1);
      let parsed: unknown;
      try { parsed = JSON.parse(changed); } catch { return true; }
      // Changes JSON itself ignores (whitespace between tokens) leave the same receipt.
      if (JSON.stringify(parsed) === text) return true;
      return !verifyReceipt(parsed, publicKey).ok;
    }), { numRuns: 600 });
  });
});

describe('verifyConsistency between signed checkpoints', () => {
  it('accepts every older size against every newer one, both signed by the key', () => {
    for (let n = 0; n <= 13; n++) {
      for (let m = 0; m <= n; m++) {
        expect(verifyConsistency(checkpointAt(m), checkpointAt(n), consistencyProof(hashes, m, n).map(bytesToHex), publicKey)).toEqual({ ok: true });
      }
    }
  });

  it('refuses a rewritten history, a swapped order, a forged proof or a checkpoint of another key', () => {
    const proof = consistencyProof(hashes, 5, 9).map(bytesToHex);
    const c5 = checkpointAt(5);
    const c9 = checkpointAt(9);
    const rewritten = signCheckpoint({ ...c5, rootHash: bytesToHex(rootFromLeafHashes([hashes[1], ...hashes.slice(1, 5)])) }, secret);
    expect(verifyConsistency(rewritten, c9, proof, publicKey)).toEqual({ ok: false, problem: 'consistency_failed' });
    expect(verifyConsistency(c9, c5, proof, publicKey)).toEqual({ ok: false, problem: 'size_order' });
    expect(verifyConsistency(c5, c9, [...proof, proof[0]], publicKey)).toEqual({ ok: false, problem: 'consistency_failed' });
    expect(verifyConsistency(c5, c9, proof.slice(1), publicKey)).toEqual({ ok: false, problem: 'consistency_failed' });
    expect(verifyConsistency(c5, c9, [...proof].reverse(), publicKey)).toEqual({ ok: false, problem: 'consistency_failed' });
    expect(verifyConsistency(c5, c9, ['zz'], publicKey)).toEqual({ ok: false, problem: 'proof_malformed' });
    expect(verifyConsistency(c5, checkpointAt(9, otherSecret), proof, publicKey)).toEqual({ ok: false, problem: 'checkpoint_key' });
    expect(verifyConsistency({ ...c5, treeSize: 4 }, c9, proof, publicKey)).toEqual({ ok: false, problem: 'checkpoint_signature' });
    expect(verifyConsistency(c5, c9, proof, publicKey)).toEqual({ ok: true });
  });
});
