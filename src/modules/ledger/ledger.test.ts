import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../../testing/app.js';
import { call, type Actor } from '../../testing/world.js';
import { verifyConsistency, verifyReceipt } from '../../platform/ledger/receipt.js';
import { appendAndCheckpoint, ledgerSources, ledgerVerifyCommand, loadLedgerKey, runLedgerCheckpoint } from './index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'linli-ledger-'));
const ledger = { keyFile: path.join(dir, 'key', 'ed25519.json'), checkpointDir: path.join(dir, 'checkpoints'), checkpointEverySeconds: 300, lateCommitGraceSeconds: 600 };

let t: TestApp;
let operator: Actor;
let resident: Actor;
let neighbour: Actor;
const quiet = () => {};

type Row = Record<string, unknown>;
const rows = async <T = Row>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

/** A guarantee-fund refund to a resident, as aftersales posts it (the table is the aftersales module's). */
async function fundRefund(userId: string, amountFen: number, id?: number) {
  const [r] = await rows<{ id: string }>(sql`insert into fund_entries (${sql.raw(id ? 'id, ' : '')}idempotency_key, debit_account, credit_account, amount_fen, code, memo)
    values (${sql.raw(id ? `${id}, ` : '')}${`test:${randomUUID()}`}, 'guarantee_fund', ${`resident:${userId}`}, ${amountFen}, 'claim_refund', '草莓坏了两颗') returning id`);
  return String(r.id);
}

async function commission(leaderId: string, amountFen: number) {
  const [r] = await rows<{ id: string }>(sql`insert into ledger_transfers (idempotency_key, debit_account, credit_account, amount_fen, code, leader_id, ref_id)
    values (${`test:${randomUUID()}`}, 'platform:commission', ${`leader:${leaderId}:settled`}, ${amountFen}, 'commission', ${leaderId}, 'settlement-1') returning id`);
  return String(r.id);
}

/** The database's own refusal (drizzle wraps it as the cause of its "Failed query" error). */
async function refusal(q: ReturnType<typeof sql>): Promise<string> {
  try {
    await t.database.db.execute(q);
  } catch (err) {
    const cause = (err as { cause?: { message?: string; code?: string } }).cause;
    return `${cause?.code}: ${cause?.message ?? (err as Error).message}`;
  }
  return 'accepted';
}

const run = (now = t.clock.now()) => runLedgerCheckpoint(t.database.db, ledger, now, quiet);

beforeAll(async () => {
  t = await createTestApp({ ledger });
  operator = await sessionCookie(t, { operator: true });
  resident = await sessionCookie(t, { name: '李阿姨' });
  neighbour = await sessionCookie(t, { name: '王叔' });
});
afterAll(async () => { await t?.close(); });

describe('the signing key', () => {
  it('is created on first use in a file only its owner can read, and published by id and hex at /api/ledger/public-key', async () => {
    const res = await call(t, null, 'GET', '/api/ledger/public-key');
    expect(res.status).toBe(200);
    expect(existsSync(ledger.keyFile)).toBe(true);
    expect(statSync(ledger.keyFile).mode & 0o777).toBe(0o600);
    const key = loadLedgerKey(ledger.keyFile);
    expect(res.body).toEqual({ algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.publicKeyHex });
    // The secret is in the file, never in the answer.
    expect(JSON.stringify(res.body)).not.toContain(JSON.parse(readFileSync(ledger.keyFile, 'utf8')).secretKey);
  });
});

describe('appending and checkpoints', () => {
  let firstSize = 0;
  it('verifies an untouched log with exit 0 from the command', async () => {
    const lines: string[] = [];
    expect(await ledgerVerifyCommand(t.database.db, ledger, 'checkpoint', (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['ledger: 0 leaves checked, tree size 0: OK']);
  });

  it('appends every source row as a leaf, signs a checkpoint and publishes it as a file', async () => {
    await fundRefund(resident.userId, 1200);
    await fundRefund(neighbour.userId, 800);
    await commission(neighbour.userId, 350);
    const { run: r, verification } = await run();
    expect(r.skipped).toBe(false);
    expect(r.appended).toBe(3);
    expect(r.checkpoint?.treeSize).toBe(3);
    expect(verification?.ok).toBe(true);
    const leaves = await rows<{ leaf_index: string; source: string }>(sql`select leaf_index, source from ledger_leaves order by leaf_index`);
    expect(leaves.map((l) => [Number(l.leaf_index), l.source])).toEqual([[0, 'fund_entries'], [1, 'fund_entries'], [2, 'ledger_transfers']]);
    const file = JSON.parse(readFileSync(path.join(ledger.checkpointDir, '3.json'), 'utf8'));
    expect(file.checkpoint).toEqual(r.checkpoint);
    expect(JSON.parse(readFileSync(path.join(ledger.checkpointDir, 'latest.json'), 'utf8')).checkpoint.treeSize).toBe(3);
    // The files are served as written, apart from the database.
    expect((await call(t, null, 'GET', '/api/ledger/published/3')).body).toEqual(file);
    expect((await call(t, null, 'GET', '/api/ledger/published/latest')).body.checkpoint).toEqual(r.checkpoint);
    expect((await call(t, null, 'GET', '/api/ledger/published/4')).status).toBe(404);
    firstSize = 3;
  });

  it('signs no new checkpoint when nothing is new, and proves the next one consistent with the previous', async () => {
    const again = await run();
    expect(again.run.appended).toBe(0);
    // The empty log's checkpoint (size 0, signed by the first command above) and the one of size 3.
    expect((await rows<{ tree_size: string }>(sql`select tree_size from ledger_checkpoints order by 1`)).map((r) => Number(r.tree_size))).toEqual([0, 3]);
    await fundRefund(resident.userId, 500);
    await commission(neighbour.userId, 90);
    const next = await run();
    expect(next.run.checkpoint?.treeSize).toBe(firstSize + 2);
    expect(next.run.previousSize).toBe(firstSize);
    const res = await call(t, null, 'GET', `/api/ledger/consistency?from=${firstSize}&to=${firstSize + 2}`);
    expect(res.status).toBe(200);
    const key = loadLedgerKey(ledger.keyFile);
    expect(verifyConsistency(res.body.older, res.body.newer, res.body.proof, key.publicKeyHex)).toEqual({ ok: true });
    expect(res.body.proof).toEqual(next.run.consistencyProof);
    // The proof between them does not hold for a checkpoint with another root.
    expect(verifyConsistency({ ...res.body.older, rootHash: res.body.newer.rootHash }, res.body.newer, res.body.proof, key.publicKeyHex).ok).toBe(false);
    expect((await call(t, null, 'GET', `/api/ledger/consistency?from=${firstSize}&to=999`)).status).toBe(404);
    expect((await call(t, null, 'GET', `/api/ledger/consistency?from=${firstSize + 2}&to=${firstSize}`)).status).toBe(409);
    const latest = await call(t, null, 'GET', '/api/ledger/checkpoints/latest');
    expect(latest.body).toEqual(next.run.checkpoint);
  });

  it('finds a row that committed after rows with higher ids were logged (id order is not commit order)', async () => {
    const [{ max }] = await rows<{ max: string }>(sql`select max(id) as max from fund_entries`);
    const high = await fundRefund(resident.userId, 300, Number(max) + 50);
    await run();
    const late = await fundRefund(resident.userId, 200, Number(max) + 10); // a lower id, committed later
    await rows(sql`select setval(pg_get_serial_sequence('fund_entries', 'id'), (select max(id) from fund_entries))`);
    const r = await run();
    expect(r.run.appended).toBe(1);
    const logged = await rows<{ entry_id: string }>(sql`select entry_id from ledger_leaves where source = 'fund_entries' and entry_id in (${high}, ${late})`);
    expect(logged.map((l) => l.entry_id).sort()).toEqual([high, late].sort());
  });

  it('lets one run at a time append: a second run while the head is taken is skipped, nothing logged twice', async () => {
    await fundRefund(resident.userId, 111);
    const key = loadLedgerKey(ledger.keyFile);
    const both = await Promise.all([
      appendAndCheckpoint(t.database.db, key, { sources: ledgerSources }),
      appendAndCheckpoint(t.database.db, key, { sources: ledgerSources }),
    ]);
    expect(both.reduce((n, r) => n + r.appended, 0)).toBe(1);
    const [dups] = await rows<{ n: number }>(sql`select count(*)::int as n from (select source, entry_id from ledger_leaves group by 1, 2 having count(*) > 1) d`);
    expect(dups.n).toBe(0);
    const sizes = await rows<{ leaf_index: string }>(sql`select leaf_index from ledger_leaves order by leaf_index`);
    expect(sizes.map((s) => Number(s.leaf_index))).toEqual(sizes.map((_, i) => i));
  });
});

describe('receipts', () => {
  let entryId = '';
  it('gives the resident a receipt for her entry that the offline verifier accepts, and nobody else', async () => {
    entryId = await fundRefund(resident.userId, 1500);
    // Not yet in a checkpoint: ask again later.
    const early = await call(t, resident, 'GET', `/api/ledger/receipts/fund_entries/${entryId}`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ledger.not_yet_checkpointed');
    await run();
    const res = await call(t, resident, 'GET', `/api/ledger/receipts/fund_entries/${entryId}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.entry).body.amountFen).toBe(1500);
    const key = (await call(t, null, 'GET', '/api/ledger/public-key')).body.publicKey;
    expect(verifyReceipt(res.body, key)).toMatchObject({ ok: true });
    expect(verifyReceipt({ ...res.body, leafIndex: res.body.leafIndex - 1 }, key)).toMatchObject({ ok: false });

    const other = await call(t, neighbour, 'GET', `/api/ledger/receipts/fund_entries/${entryId}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ledger.receipt_not_found');
    expect((await call(t, null, 'GET', `/api/ledger/receipts/fund_entries/${entryId}`)).status).toBe(401);
    expect((await call(t, resident, 'GET', '/api/ledger/receipts/fund_entries/999999999')).status).toBe(404);
    expect((await call(t, resident, 'GET', `/api/ledger/receipts/no_such_source/${entryId}`)).status).toBe(404);
    expect((await call(t, resident, 'GET', '/api/ledger/receipts/fund_entries/not-a-number')).status).toBe(404);
  });

  it('gives a leader the receipt of his commission settlement', async () => {
    const id = await commission(neighbour.userId, 420);
    await run();
    const res = await call(t, neighbour, 'GET', `/api/ledger/receipts/ledger_transfers/${id}`);
    expect(res.status).toBe(200);
    expect(verifyReceipt(res.body, loadLedgerKey(ledger.keyFile).publicKey).ok).toBe(true);
    expect((await call(t, resident, 'GET', `/api/ledger/receipts/ledger_transfers/${id}`)).status).toBe(404);
  });
});

describe('append-only in the database', () => {
  for (const table of ['fund_entries', 'ledger_transfers', 'ledger_leaves', 'ledger_checkpoints', 'ledger_verifications']) {
    it(`refuses UPDATE, DELETE and TRUNCATE on ${table}`, async () => {
      const before = await rows(sql`select * from ${sql.identifier(table)}`);
      expect(before.length).toBeGreaterThan(0);
      const col = table === 'ledger_checkpoints' ? 'tree_size' : table === 'ledger_leaves' ? 'leaf_index' : 'id';
      expect(await refusal(sql`update ${sql.identifier(table)} set ${sql.identifier(col)} = ${sql.identifier(col)}`)).toBe(`P0001: append-only: UPDATE on ${table} refused`);
      expect(await refusal(sql`delete from ${sql.identifier(table)}`)).toBe(`P0001: append-only: DELETE on ${table} refused`);
      expect(await refusal(sql`truncate ${sql.identifier(table)} cascade`)).toBe(`P0001: append-only: TRUNCATE on ${table} refused`);
      expect(await rows(sql`select * from ${sql.identifier(table)}`)).toEqual(before);
    });
  }
});

describe('tampering behind the triggers', () => {
  it('is detected by the next run, recorded, and shown to operators; the receipt still proves what was logged', async () => {
    const id = await fundRefund(resident.userId, 2000);
    await run();
    // A superuser turns the triggers off for the session and edits the amount.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update fund_entries set amount_fen = 200000 where id = ${id}::bigint`);
    });
    expect((await rows<{ amount_fen: number }>(sql`select amount_fen from fund_entries where id = ${id}::bigint`))[0].amount_fen).toBe(200000);
    const { verification } = await run();
    expect(verification?.ok).toBe(false);
    expect(verification?.failures).toEqual([expect.objectContaining({ kind: 'changed', source: 'fund_entries', entryId: id })]);

    const view = await call(t, operator, 'GET', '/api/console/ledger');
    expect(view.status).toBe(200);
    expect(view.body.latestVerification.ok).toBe(false);
    expect(view.body.lastFailure.failures[0]).toMatchObject({ kind: 'changed', entryId: id });
    expect(view.body.sources).toEqual([{ name: 'fund_entries', leaves: expect.any(Number) }, { name: 'ledger_transfers', leaves: expect.any(Number) }, { name: 'payout_entries', leaves: 0 }, { name: 'points_transfers', leaves: 0 }, { name: 'ballots', leaves: 0 }, { name: 'proposal_outcomes', leaves: 0 }]);

    // Her receipt still carries the amount that was logged, and it verifies.
    const receipt = await call(t, resident, 'GET', `/api/ledger/receipts/fund_entries/${id}`);
    expect(JSON.parse(receipt.body.entry).body.amountFen).toBe(2000);
    expect(verifyReceipt(receipt.body, loadLedgerKey(ledger.keyFile).publicKey).ok).toBe(true);

    // A deleted row is reported as missing.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from fund_entries where id = ${id}::bigint`);
    });
    const after = await run();
    expect(after.verification?.failures.map((f) => f.kind).sort()).toEqual(['missing']);

    // The command operators run (npx tsx src/main.ts ledger-verify) exits non-zero and names the row.
    const lines: string[] = [];
    expect(await ledgerVerifyCommand(t.database.db, ledger, 'verify', (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/1 PROBLEM\(S\)$/);
    expect(lines[1]).toBe(`  missing fund_entries/${id}: source row of leaf ${after.verification?.failures[0].leafIndex} is gone`);
  });

  it('reports a leaf edited in the log itself (its hash, chain and the signed root no longer agree)', async () => {
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from ledger_leaves`);
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update ledger_leaves set entry_text = replace(entry_text, '"amountFen":1200', '"amountFen":9900') where leaf_index = 0`);
    });
    const { verification } = await run();
    const kinds = new Set(verification?.failures.map((f) => f.kind));
    expect(kinds.has('leaf_hash')).toBe(true);
    expect(kinds.has('root')).toBe(true);
    expect(n).toBeGreaterThan(0);
  });
});

describe('the console', () => {
  it('is for operators only', async () => {
    expect((await call(t, resident, 'GET', '/api/console/ledger')).status).toBe(403);
    expect((await call(t, null, 'GET', '/api/console/ledger')).status).toBe(401);
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from ledger_checkpoints`);
    expect((await call(t, resident, 'POST', '/api/console/ledger/run', {})).status).toBe(403);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from ledger_checkpoints`))[0].n).toBe(n);
  });

  it('lets an operator run the checkpoint now', async () => {
    await commission(neighbour.userId, 77);
    const res = await call(t, operator, 'POST', '/api/console/ledger/run', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ skipped: false, appended: 1 });
  });
});

describe('a row that committed very late', () => {
  it('is reported as not logged rather than skipped silently', async () => {
    // A free id below the highest logged one: as if its transaction had held it past the grace period.
    const [{ free }] = await rows<{ free: string }>(sql`select min(g) as free from generate_series(1, (select max(id) from fund_entries)) g where not exists (select 1 from fund_entries f where f.id = g)`);
    const id = await fundRefund(resident.userId, 55, Number(free));
    const later = new Date(t.clock.now().getTime() + 3_600_000); // every leaf so far is settled by then
    const { verification } = await run(later);
    expect(verification?.failures).toContainEqual(expect.objectContaining({ kind: 'unlogged', source: 'fund_entries', entryId: id }));
  });
});

if (usesPostgres()) {
  describe('on PostgreSQL, concurrent runs', () => {
    it('log each entry once whatever the interleaving', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await fundRefund(resident.userId, 100 + i));
      const key = loadLedgerKey(ledger.keyFile);
      await Promise.all(Array.from({ length: 4 }, () => appendAndCheckpoint(t.database.db, key, { sources: ledgerSources })));
      const logged = await rows<{ entry_id: string; n: number }>(sql`select entry_id, count(*)::int as n from ledger_leaves
        where source = 'fund_entries' and entry_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) group by entry_id`);
      expect(logged.map((l) => [l.entry_id, l.n]).sort()).toEqual(ids.map((id) => [id, 1]).sort());
      const [{ gaps }] = await rows<{ gaps: number }>(sql`select count(*)::int as gaps from ledger_leaves l where l.leaf_index > 0
        and not exists (select 1 from ledger_leaves p where p.leaf_index = l.leaf_index - 1)`);
      expect(gaps).toBe(0);
    });
  });
}
