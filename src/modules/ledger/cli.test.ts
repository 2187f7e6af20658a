import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { bytesToHex } from '@noble/hashes/utils.js';
import { leafText, utf8 } from '../../platform/ledger/canonical.js';
import { newSecretKey, publicKeyOf, signCheckpoint } from '../../platform/ledger/checkpoint.js';
import { consistencyProof, inclusionProof, leafHash, rootFromLeafHashes } from '../../platform/ledger/merkle.js';
import { RECEIPT_FORMAT, type Receipt } from '../../platform/ledger/receipt.js';
import { verifyReceiptCommand, type CliIo } from './cli.js';

const secret = newSecretKey();
const keyHex = bytesToHex(publicKeyOf(secret));
const texts = Array.from({ length: 9 }, (_, i) => leafText({ source: 'fund_entries', id: String(i + 1), body: { amountFen: 100 + i } }));
const hashes = texts.map((x) => leafHash(utf8(x)));
const cpAt = (n: number, key = secret) => signCheckpoint({ treeSize: n, rootHash: bytesToHex(rootFromLeafHashes(hashes.slice(0, n))), chainHead: '0'.repeat(64), signedAt: '2026-12-05T11:00:00.000Z' }, key);
const receipt = (i: number, n: number): Receipt => {
  const checkpoint = cpAt(n);
  return { format: RECEIPT_FORMAT, source: 'fund_entries', id: String(i + 1), entry: texts[i], leafIndex: i, inclusionProof: inclusionProof(hashes, i, n).map(bytesToHex), checkpoint, keyId: checkpoint.keyId };
};

/** Files and URLs in memory; what the command prints is kept. */
function io(files: Record<string, unknown>): CliIo & { lines: string[] } {
  const lines: string[] = [];
  const text = (p: string) => {
    if (!(p in files)) throw new Error(`no such file ${p}`);
    const v = files[p];
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  return { lines, readText: async (p) => text(p), fetchText: async (u) => text(u), out: (l) => lines.push(l) };
}

describe('verify-receipt (the command)', () => {
  it('accepts a good receipt with the key as hex, a key file or the key URL, and says what it proved', async () => {
    for (const key of [keyHex, 'key.json', 'https://linli.example.cn/api/ledger/public-key']) {
      const x = io({ 'r.json': receipt(4, 7), 'key.json': { publicKey: keyHex }, 'https://linli.example.cn/api/ledger/public-key': { algorithm: 'Ed25519', publicKey: keyHex } });
      expect(await verifyReceiptCommand(['r.json', '--key', key], x)).toBe(0);
      expect(x.lines[0]).toMatch(/^OK: fund_entries\/5 is leaf 4 of the log of 7 entries/);
    }
  });

  it('exits 1 for every kind of tampered receipt and names the reason', async () => {
    const good = receipt(4, 7);
    const cases: [Partial<Receipt> & Record<string, unknown>, string][] = [
      [{ leafIndex: 3 }, 'inclusion_failed'],
      [{ leafIndex: 7 }, 'index_out_of_range'],
      [{ inclusionProof: good.inclusionProof.slice(1) }, 'inclusion_failed'],
      [{ inclusionProof: [...good.inclusionProof, good.inclusionProof[0]] }, 'inclusion_failed'],
      [{ inclusionProof: [...good.inclusionProof].reverse() }, 'inclusion_failed'],
      [{ entry: texts[5] }, 'entry_mismatch'],
      [{ entry: texts[4].replace('104', '105') }, 'inclusion_failed'],
      [{ checkpoint: { ...good.checkpoint, treeSize: 8 } }, 'checkpoint_signature'],
      [{ checkpoint: cpAt(7, newSecretKey()) }, 'checkpoint_key'],
      [{ keyId: 'ffffffffffffffff' }, 'key_mismatch'],
    ];
    for (const [change, reason] of cases) {
      const x = io({ 'r.json': { ...good, ...change } });
      expect(await verifyReceiptCommand(['r.json', '--key', keyHex], x)).toBe(1);
      expect(x.lines).toEqual([`REFUSED: ${reason}`]);
    }
  });

  it('exits 2 with the usage for missing arguments or unreadable input', async () => {
    expect(await verifyReceiptCommand(['r.json'], io({ 'r.json': receipt(0, 1) }))).toBe(2);
    expect(await verifyReceiptCommand([], io({}))).toBe(2);
    expect(await verifyReceiptCommand(['missing.json', '--key', keyHex], io({}))).toBe(2);
    expect(await verifyReceiptCommand(['r.json', '--key', 'k.txt'], io({ 'r.json': receipt(0, 1), 'k.txt': 'nothing here' }))).toBe(2);
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--bogus'], io({ 'r.json': receipt(0, 1) }))).toBe(2);
  });

  it('checks the receipt against a later checkpoint through a consistency proof, and refuses a forked or unrelated one', async () => {
    const r = receipt(2, 5);
    const bundle = { older: cpAt(5), newer: cpAt(9), proof: consistencyProof(hashes, 5, 9).map(bytesToHex) };
    const ok = io({ 'r.json': r, 'c.json': bundle });
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--against', 'c.json'], ok)).toBe(0);
    expect(ok.lines[1]).toMatch(/log of 9 entries extends/);
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--against', 'c.json'], io({ 'r.json': r, 'c.json': { ...bundle, proof: bundle.proof.slice(1) } }))).toBe(1);
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--against', 'c.json'], io({ 'r.json': r, 'c.json': { ...bundle, older: cpAt(4) } }))).toBe(1);
    // The same size: the published checkpoint must be the receipt's own.
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--against', 'p.json'], io({ 'r.json': r, 'p.json': { checkpoint: cpAt(5) } }))).toBe(0);
    const forked = signCheckpoint({ treeSize: 5, rootHash: bytesToHex(rootFromLeafHashes(hashes.slice(1, 6))), chainHead: '0'.repeat(64), signedAt: '2026-12-05T11:00:00.000Z' }, secret);
    const fx = io({ 'r.json': r, 'p.json': forked });
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--against', 'p.json'], fx)).toBe(1);
    expect(fx.lines[1]).toMatch(/forked/);
    expect(await verifyReceiptCommand(['r.json', '--key', keyHex, '--against', 'p.json'], io({ 'r.json': r, 'p.json': cpAt(9) }))).toBe(1);
  });

  it('runs as `npx tsx src/main.ts verify-receipt`: exit 1 and the reason for a tampered receipt', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-receipt-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...receipt(3, 9), leafIndex: 4 }));
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const run = (file: string) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', 'verify-receipt', file, '--key', keyHex], { cwd: root })
      .then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));
    // (The good path is the same function, tested above; one process start is enough here.)
    expect(await run(bad)).toEqual({ code: 1, out: 'REFUSED: inclusion_failed\n' });
  });
});
