// The community ledger (docs/ledger.md): rows of append-only source tables become leaves of an
// RFC 6962 Merkle log; a scheduled run appends what is new, signs a checkpoint consistent with the
// previous one, and re-verifies every leaf against its source row. Nothing here runs in the order
// path: sources are read, never locked, and the only lock is the log's own head row.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { conflict, notFound } from '../../platform/errors.js';
import { inTransaction } from '../../platform/events/service.js';
import type { LedgerEntry, LedgerSource } from '../../platform/ledger/source.js';
import { leafText, utf8 } from '../../platform/ledger/canonical.js';
import { checkpointProblem, signCheckpoint, type SignedCheckpoint } from '../../platform/ledger/checkpoint.js';
import { chainHash, consistencyProof, EMPTY_CHAIN, inclusionProof, leafHash, rootFromLeafHashes, verifyConsistencyProof } from '../../platform/ledger/merkle.js';
import { RECEIPT_FORMAT, type Receipt } from '../../platform/ledger/receipt.js';
import { ledgerCheckpoints, ledgerHead, ledgerLeaves, ledgerVerifications, type VerificationFailure } from './schema.js';
import type { LedgerKey } from './keys.js';

export interface LedgerRunOptions {
  sources: LedgerSource[];
  /**
   * Rows of a source are re-read from the highest seq logged this long ago: a transaction that
   * took a seq earlier but committed later (seq order ≠ commit order) is still found.
   */
  lateCommitGraceSeconds?: number;
  /** At most this many new leaves per run (the rest wait for the next). */
  maxLeavesPerRun?: number;
  pageSize?: number;
}

type CheckpointRow = typeof ledgerCheckpoints.$inferSelect;

export function toSignedCheckpoint(r: CheckpointRow): SignedCheckpoint {
  return { origin: 'linli-ledger/v1', treeSize: r.treeSize, rootHash: r.rootHash, chainHead: r.chainHead, signedAt: r.signedAt.toISOString(), keyId: r.keyId, signature: r.signature };
}

async function allLeafHashes(db: DbOrTx, size?: number): Promise<Uint8Array[]> {
  const rows = await db.select({ h: ledgerLeaves.leafHash }).from(ledgerLeaves)
    .where(size === undefined ? undefined : lt(ledgerLeaves.leafIndex, size)).orderBy(asc(ledgerLeaves.leafIndex));
  return rows.map((r) => hexToBytes(r.h));
}

/** Entries of one source not yet in the log, read from just before the settled high-water mark. */
async function newEntriesOf(tx: DbOrTx, source: LedgerSource, now: Date, opts: Required<Omit<LedgerRunOptions, 'sources'>>, room: number): Promise<LedgerEntry[]> {
  const graceStart = new Date(now.getTime() - opts.lateCommitGraceSeconds * 1000);
  const [mark] = await tx.select({ seq: sql<string | null>`max(${ledgerLeaves.entrySeq})` }).from(ledgerLeaves)
    .where(and(eq(ledgerLeaves.source, source.name), lt(ledgerLeaves.appendedAt, graceStart)));
  let after = mark?.seq == null ? 0 : Number(mark.seq);
  const found: LedgerEntry[] = [];
  while (found.length < room) {
    const page = await source.entriesAfter(tx, after, opts.pageSize);
    if (page.length === 0) break;
    const ids = page.map((e) => e.id);
    const logged = new Set((await tx.select({ id: ledgerLeaves.entryId }).from(ledgerLeaves)
      .where(and(eq(ledgerLeaves.source, source.name), inArray(ledgerLeaves.entryId, ids)))).map((r) => r.id));
    for (const e of page) if (!logged.has(e.id) && found.length < room) found.push(e);
    after = page[page.length - 1].seq;
    if (page.length < opts.pageSize) break;
  }
  return found;
}

export interface CheckpointRun {
  skipped: boolean;
  appended: number;
  checkpoint: SignedCheckpoint | null;
  previousSize: number | null;
  consistencyProof: string[];
}

/**
 * Appends every source row not yet in the log, then signs a checkpoint over the whole log with its
 * consistency proof from the previous checkpoint (none when nothing was appended and one exists).
 * Several instances may call this at once: the head row is taken with SKIP LOCKED, so one works and
 * the others return `skipped`.
 */
export async function appendAndCheckpoint(db: Db, key: LedgerKey, options: LedgerRunOptions, now = new Date()): Promise<CheckpointRun> {
  const opts = { lateCommitGraceSeconds: options.lateCommitGraceSeconds ?? 600, maxLeavesPerRun: options.maxLeavesPerRun ?? 5000, pageSize: options.pageSize ?? 500 };
  return inTransaction(db, async (tx) => {
    await tx.insert(ledgerHead).values({ id: 1 }).onConflictDoNothing();
    const got = (await tx.execute(sql`select id from ledger_head where id = 1 for update skip locked`)) as unknown as { rows: unknown[] };
    if (got.rows.length === 0) return { skipped: true, appended: 0, checkpoint: null, previousSize: null, consistencyProof: [] };

    const [last] = await tx.select().from(ledgerLeaves).orderBy(desc(ledgerLeaves.leafIndex)).limit(1);
    let size = last ? last.leafIndex + 1 : 0;
    let chain = last ? hexToBytes(last.chainHash) : EMPTY_CHAIN;
    let appended = 0;
    for (const source of options.sources) {
      const room = opts.maxLeavesPerRun - appended;
      if (room <= 0) break;
      const entries = await newEntriesOf(tx, source, now, opts, room);
      const rows = entries.map((e) => {
        const text = leafText({ source: source.name, id: e.id, body: e.body });
        const leaf = leafHash(utf8(text));
        chain = chainHash(chain, leaf);
        return { leafIndex: size++, source: source.name, entryId: e.id, entrySeq: e.seq, communityId: e.communityId, entryText: text, leafHash: bytesToHex(leaf), chainHash: bytesToHex(chain), appendedAt: now };
      });
      for (let i = 0; i < rows.length; i += 500) await tx.insert(ledgerLeaves).values(rows.slice(i, i + 500));
      appended += rows.length;
    }

    const [previous] = await tx.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(1);
    if (previous && previous.treeSize === size) return { skipped: false, appended: 0, checkpoint: toSignedCheckpoint(previous), previousSize: null, consistencyProof: [] };
    const leaves = await allLeafHashes(tx);
    const proof = previous ? consistencyProof(leaves, previous.treeSize, size).map(bytesToHex) : [];
    // Signed at a whole millisecond: the stored timestamp gives back exactly the signed text.
    const cp = signCheckpoint({ treeSize: size, rootHash: bytesToHex(rootFromLeafHashes(leaves)), chainHead: bytesToHex(chain), signedAt: new Date(now.getTime()).toISOString() }, key.secretKey);
    await tx.insert(ledgerCheckpoints).values({
      treeSize: cp.treeSize, rootHash: cp.rootHash, chainHead: cp.chainHead, signedAt: new Date(cp.signedAt), keyId: cp.keyId, signature: cp.signature,
      previousSize: previous?.treeSize ?? null, consistencyProof: proof,
    });
    return { skipped: false, appended, checkpoint: cp, previousSize: previous?.treeSize ?? null, consistencyProof: proof };
  });
}

export interface VerificationResult {
  ok: boolean;
  treeSize: number;
  leavesChecked: number;
  failures: VerificationFailure[];
}

/**
 * Re-reads every leaf's source row and compares its canonical bytes with the leaf; recomputes each
 * stored leaf hash, the chain, the latest checkpoint's root and signature, and every checkpoint's
 * consistency proof. The result is recorded (append-only) so a detected change stays visible.
 */
export async function verifyLedger(db: Db, key: LedgerKey, sources: LedgerSource[], now = new Date(), pageSize = 1000, lateCommitGraceSeconds = 600): Promise<VerificationResult> {
  const failures: VerificationFailure[] = [];
  const leaves = await db.select().from(ledgerLeaves).orderBy(asc(ledgerLeaves.leafIndex));
  let chain = EMPTY_CHAIN;
  const hashes: Uint8Array[] = [];
  leaves.forEach((l, i) => {
    if (l.leafIndex !== i) failures.push({ kind: 'chain', leafIndex: i, detail: `leaf index ${l.leafIndex} where ${i} was expected` });
    const computed = leafHash(utf8(l.entryText));
    if (bytesToHex(computed) !== l.leafHash) failures.push({ kind: 'leaf_hash', source: l.source, entryId: l.entryId, leafIndex: l.leafIndex, detail: 'stored leaf hash does not match the stored entry text' });
    chain = chainHash(chain, computed);
    if (bytesToHex(chain) !== l.chainHash) failures.push({ kind: 'chain', source: l.source, entryId: l.entryId, leafIndex: l.leafIndex, detail: 'chain hash does not follow from the previous leaves' });
    hashes.push(computed);
  });

  // Each source row against its leaf: a row changed or deleted behind the triggers' back shows here.
  for (const source of sources) {
    const mine = new Map(leaves.filter((l) => l.source === source.name).map((l) => [l.entryId, l]));
    // Rows below the settled mark that are still not leaves committed later than the grace allows: say so.
    const graceStart = now.getTime() - lateCommitGraceSeconds * 1000;
    const settled = Math.max(0, ...leaves.filter((l) => l.source === source.name && l.appendedAt.getTime() < graceStart).map((l) => l.entrySeq));
    const seen = new Set<string>();
    let after = 0;
    for (;;) {
      const page = await source.entriesAfter(db, after, pageSize);
      for (const e of page) {
        const leaf = mine.get(e.id);
        if (!leaf) {
          if (e.seq <= settled) failures.push({ kind: 'unlogged', source: source.name, entryId: e.id, detail: `row ${e.id} committed too late to be appended (below seq ${settled})` });
          continue; // otherwise: not yet appended
        }
        seen.add(e.id);
        const text = leafText({ source: source.name, id: e.id, body: e.body });
        if (text !== leaf.entryText) failures.push({ kind: 'changed', source: source.name, entryId: e.id, leafIndex: leaf.leafIndex, detail: `source row differs from leaf ${leaf.leafIndex}` });
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1].seq;
    }
    for (const [id, leaf] of mine) if (!seen.has(id)) failures.push({ kind: 'missing', source: source.name, entryId: id, leafIndex: leaf.leafIndex, detail: `source row of leaf ${leaf.leafIndex} is gone` });
  }

  const checkpoints = await db.select().from(ledgerCheckpoints).orderBy(asc(ledgerCheckpoints.treeSize));
  const roots = new Map<number, Uint8Array>();
  for (const c of checkpoints) {
    const cp = toSignedCheckpoint(c);
    const problem = checkpointProblem(cp, key.publicKey);
    if (problem) failures.push({ kind: 'root', detail: `checkpoint ${c.treeSize}: ${problem}` });
    if (c.treeSize <= hashes.length && bytesToHex(rootFromLeafHashes(hashes.slice(0, c.treeSize))) !== c.rootHash) {
      failures.push({ kind: 'root', detail: `checkpoint ${c.treeSize}: the leaves no longer give its root` });
    }
    if (c.treeSize > hashes.length) failures.push({ kind: 'root', detail: `checkpoint ${c.treeSize} is larger than the log (${hashes.length})` });
    roots.set(c.treeSize, hexToBytes(c.rootHash));
    if (c.previousSize != null) {
      const before = roots.get(c.previousSize);
      const ok = before !== undefined && verifyConsistencyProof(c.previousSize, c.treeSize, before, hexToBytes(c.rootHash), c.consistencyProof.map((h) => hexToBytes(h)));
      if (!ok) failures.push({ kind: 'consistency', detail: `checkpoint ${c.treeSize} is not proved consistent with ${c.previousSize}` });
    }
  }

  const result = { ok: failures.length === 0, treeSize: hashes.length, leavesChecked: leaves.length, failures };
  await db.insert(ledgerVerifications).values({ ranAt: now, treeSize: result.treeSize, leavesChecked: result.leavesChecked, ok: result.ok, failures: failures.slice(0, 200) });
  return result;
}

/** Which registered source a name is, or null. */
export function sourceNamed(sources: LedgerSource[], name: string) {
  return sources.find((s) => s.name === name) ?? null;
}

/**
 * The receipt of one entry for one of the people it concerns: anyone else (or an entry that does
 * not exist) gets the same 404. An entry not yet covered by a checkpoint is a 409 (ask again soon).
 */
export async function receiptFor(db: Db, sources: LedgerSource[], sourceName: string, entryId: string, userId: string): Promise<Receipt> {
  const source = sourceNamed(sources, sourceName);
  const entry = source ? await source.entry(db, entryId) : null;
  if (!entry || !entry.ownerUserIds.includes(userId)) throw notFound('ledger.receipt_not_found');
  const [leaf] = await db.select().from(ledgerLeaves).where(and(eq(ledgerLeaves.source, sourceName), eq(ledgerLeaves.entryId, entryId)));
  const [cp] = await db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(1);
  if (!leaf || !cp || cp.treeSize <= leaf.leafIndex) throw conflict('ledger.not_yet_checkpointed');
  const hashes = await allLeafHashes(db, cp.treeSize);
  const checkpoint = toSignedCheckpoint(cp);
  return {
    format: RECEIPT_FORMAT, source: sourceName, id: entryId, entry: leaf.entryText, leafIndex: leaf.leafIndex,
    inclusionProof: inclusionProof(hashes, leaf.leafIndex, cp.treeSize).map(bytesToHex), checkpoint, keyId: checkpoint.keyId,
  };
}

export async function latestCheckpoint(db: DbOrTx): Promise<SignedCheckpoint | null> {
  const [cp] = await db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(1);
  return cp ? toSignedCheckpoint(cp) : null;
}

/** The consistency proof between two published checkpoints (both must exist). */
export async function consistencyBetween(db: Db, fromSize: number, toSize: number) {
  if (fromSize > toSize) throw conflict('ledger.sizes_out_of_order');
  const rows = await db.select().from(ledgerCheckpoints).where(inArray(ledgerCheckpoints.treeSize, [fromSize, toSize]));
  const older = rows.find((r) => r.treeSize === fromSize);
  const newer = rows.find((r) => r.treeSize === toSize);
  if (!older || !newer) throw notFound('ledger.checkpoint_not_found');
  const hashes = await allLeafHashes(db, toSize);
  return { older: toSignedCheckpoint(older), newer: toSignedCheckpoint(newer), proof: consistencyProof(hashes, fromSize, toSize).map(bytesToHex) };
}

/** What operators see: the latest checkpoints, the latest verification and the last failed one. */
export async function ledgerOverview(db: Db, sources: LedgerSource[]) {
  const checkpoints = await db.select().from(ledgerCheckpoints).orderBy(desc(ledgerCheckpoints.treeSize)).limit(20);
  const [latest] = await db.select().from(ledgerVerifications).orderBy(desc(ledgerVerifications.id)).limit(1);
  const [lastFailure] = await db.select().from(ledgerVerifications).where(eq(ledgerVerifications.ok, false)).orderBy(desc(ledgerVerifications.id)).limit(1);
  const counts = await db.select({ source: ledgerLeaves.source, n: sql<number>`count(*)::int` }).from(ledgerLeaves).groupBy(ledgerLeaves.source);
  const bySource = new Map(counts.map((c) => [c.source, Number(c.n)]));
  const verification = (v: typeof latest | undefined) => v ? { ranAt: v.ranAt.toISOString(), treeSize: v.treeSize, leavesChecked: v.leavesChecked, ok: v.ok, failures: v.failures } : null;
  return {
    checkpoints: checkpoints.map((c) => ({ ...toSignedCheckpoint(c), previousSize: c.previousSize, consistencyProof: c.consistencyProof })),
    latestVerification: verification(latest),
    lastFailure: verification(lastFailure),
    sources: sources.map((s) => ({ name: s.name, leaves: bySource.get(s.name) ?? 0 })),
  };
}
