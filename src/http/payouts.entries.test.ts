import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, orderAndPay, pickUp, type Actor } from '../testing/world.js';
import { sendDuePayouts } from '../modules/payouts/index.js';
import { loadLedgerKey, runLedgerCheckpoint } from '../modules/ledger/index.js';
import { verifyReceipt } from '../platform/ledger/receipt.js';

/**
 * A payout's history is append-only: every change of its state writes exactly one payout_entries
 * row in the same transaction, the database refuses to change or remove one, each is a leaf of the
 * community ledger whose receipt only its leader gets, and the reconciliation reports a payout row
 * that no longer says what its history says.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let stranger: Actor;
const dir = mkdtempSync(path.join(tmpdir(), 'linli-payout-entries-'));
const ledger = { keyFile: path.join(dir, 'key', 'ed25519.json'), checkpointDir: path.join(dir, 'checkpoints'), checkpointEverySeconds: 300, lateCommitGraceSeconds: 600 };
const LIMITS = { minFen: 1000, dailyLimitFen: 1_000_000, approvalThresholdFen: 5000 };

type Row = Record<string, unknown>;
const rows = async <T = Row>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const withdraw = (amountFen: number, key: string) => call(t, w.leader, 'POST', `/api/communities/${w.community.id}/payouts`, { amountFen }, { 'idempotency-key': key });
const notify = (providerRef: string, status: 'PAID' | 'FAILED', reason = '') => {
  const n = t.payouts.complete(providerRef, status, reason);
  return call(t, null, 'POST', '/api/payouts/notify/sandbox', n.body, { 'x-linli-signature': n.signature });
};
const entryCount = async () => Number((await rows<{ n: string }>(sql`select count(*) as n from payout_entries`))[0].n);
/** A payout's history: [kind, status after, amount, who decided, note], in order. */
const history = async (payoutId: string) => (await rows<{ kind: string; status: string; amount_fen: number; actor_id: string | null; note: string | null; provider_ref: string | null }>(
  sql`select kind, status, amount_fen, actor_id, note, provider_ref from payout_entries where payout_id = ${payoutId} order by seq`))
  .map((e) => [e.kind, e.status, e.amount_fen, e.actor_id, e.note, e.provider_ref]);
const report = async () => (await call(t, w.operator, 'GET', '/api/console/payouts/reconciliation')).body;
const entriesCheck = async () => {
  const r = await report();
  return { ok: r.checks.find((c: { key: string }) => c.key === 'payouts_vs_entries').ok as boolean, off: r.payoutsOffHistory as string[] };
};

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

beforeAll(async () => {
  t = await createTestApp({ ledger, payouts: LIMITS });
  w = await buildWorld(t, { residents: 2, priceFen: 25_000, stock: 100, limit: 10 });
  for (const r of w.residents) await orderAndPay(t, r, w.groupBuy.id, 2);
  await pickUp(t, w.leader, w.community.id, w.groupBuy.id, w.residents.map((actor) => ({ actor })));
  stranger = await sessionCookie(t, { name: '别人' });
}, 180_000);
afterAll(async () => { await t?.close(); });

const ids: Record<'small' | 'rejected' | 'failed', string> = { small: '', rejected: '', failed: '' };

describe('every change of a payout writes exactly one entry', () => {
  it('asked for, a failed attempt at the provider, sent by the job, paid — and the same notification again writes nothing', async () => {
    t.payouts.failSends = 1;
    const n0 = await entryCount();
    const res = await withdraw(1000, 'entries-small-0001');
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('sending');
    ids.small = res.body.id;
    expect(await rows(sql`select attempts, last_error from payouts where id = ${ids.small}`)).toEqual([{ attempts: 1, last_error: 'sandbox payout provider unavailable' }]);
    expect(await entryCount()).toBe(n0 + 2);
    expect(await history(ids.small)).toEqual([
      ['requested', 'sending', 1000, null, null, null],
      ['attempt_failed', 'sending', 1000, null, 'sandbox payout provider unavailable', null],
    ]);
    expect(await sendDuePayouts(t.database.db, t.payouts, t.clock.now())).toBe(1);
    const ref = `sbxp_${ids.small.replace(/-/g, '')}`;
    expect(await entryCount()).toBe(n0 + 3);
    expect((await history(ids.small))[2]).toEqual(['sent', 'sent', 1000, null, null, ref]);
    // The job again: nothing left to send, nothing written.
    expect(await sendDuePayouts(t.database.db, t.payouts, t.clock.now())).toBe(0);
    expect(await entryCount()).toBe(n0 + 3);
    expect((await notify(ref, 'PAID')).status).toBe(200);
    expect((await notify(ref, 'PAID')).status).toBe(200);
    expect(await entryCount()).toBe(n0 + 4);
    expect((await history(ids.small))[3]).toEqual(['paid', 'paid', 1000, null, null, null]);
  });

  it('a large one waits, is refused by an operator with his reason; approving it afterwards writes nothing', async () => {
    const n0 = await entryCount();
    const big = await withdraw(5000, 'entries-large-0001');
    expect(big.body.status).toBe('awaiting_approval');
    ids.rejected = big.body.id;
    expect(await entryCount()).toBe(n0 + 1);
    expect((await call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/reject`, { reason: '收款信息待核实' })).status).toBe(200);
    expect((await call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/approve`, {})).status).toBe(409);
    expect(await history(ids.rejected)).toEqual([
      ['requested', 'awaiting_approval', 5000, null, null, null],
      ['rejected', 'rejected', 5000, w.operator.userId, '收款信息待核实', null],
    ]);
    expect(await entryCount()).toBe(n0 + 2);
  });

  it('approved, sent and failed at the provider, with who approved and the provider\'s reason', async () => {
    const big = await withdraw(5000, 'entries-large-0002');
    ids.failed = big.body.id;
    const approved = await call(t, w.operator, 'POST', `/api/console/payouts/${big.body.id}/approve`, { note: '已核实' });
    expect(approved.body.status).toBe('sent');
    expect((await notify(approved.body.providerRef, 'FAILED', '收款账户已注销')).status).toBe(200);
    expect(await history(ids.failed)).toEqual([
      ['requested', 'awaiting_approval', 5000, null, null, null],
      ['approved', 'sending', 5000, w.operator.userId, '已核实', null],
      ['sent', 'sent', 5000, null, null, approved.body.providerRef],
      ['failed', 'failed', 5000, null, '收款账户已注销', null],
    ]);
    // The answers are the same as before: the row is still the payout's current state.
    const mine = await call(t, w.leader, 'GET', `/api/communities/${w.community.id}/payouts`);
    expect(mine.body.items.map((x: { status: string }) => x.status)).toEqual(['failed', 'rejected', 'paid']);
  });

  it('the reconciliation agrees: every payout says what its history says', async () => {
    const r = await report();
    expect(r.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(r.payoutsOffHistory).toEqual([]);
  });
});

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on payout_entries, and nothing changes', async () => {
    const before = await rows(sql`select * from payout_entries order by seq`);
    expect(before.length).toBe(10);
    expect(await refusal(sql`update payout_entries set amount_fen = 1 where payout_id = ${ids.small}`)).toBe('P0001: append-only: UPDATE on payout_entries refused');
    expect(await refusal(sql`delete from payout_entries where payout_id = ${ids.small}`)).toBe('P0001: append-only: DELETE on payout_entries refused');
    expect(await refusal(sql`truncate payout_entries`)).toBe('P0001: append-only: TRUNCATE on payout_entries refused');
    expect(await refusal(sql`truncate payouts cascade`)).toBe('P0001: append-only: TRUNCATE on payout_entries refused');
    expect(await refusal(sql`delete from payouts where id = ${ids.small}`)).toMatch(/^23503: /);
    expect(await rows(sql`select * from payout_entries order by seq`)).toEqual(before);
  });
});

describe('the reconciliation sees a payout row changed behind its history', () => {
  it('reports a status, a provider reference or an attempt count planted in SQL, by payout, until it is put back', async () => {
    expect(await entriesCheck()).toEqual({ ok: true, off: [] });
    await t.database.db.execute(sql`update payouts set status = 'rejected' where id = ${ids.failed}`);
    expect(await entriesCheck()).toEqual({ ok: false, off: [ids.failed] });
    await t.database.db.execute(sql`update payouts set status = 'failed' where id = ${ids.failed}`);
    await t.database.db.execute(sql`update payouts set attempts = 1 where id = ${ids.small}`);
    await t.database.db.execute(sql`update payouts set provider_ref = 'sbxp_elsewhere' where id = ${ids.failed}`);
    expect(await entriesCheck()).toEqual({ ok: false, off: [ids.small, ids.failed] });
    await t.database.db.execute(sql`update payouts set attempts = 2 where id = ${ids.small}`);
    await t.database.db.execute(sql`update payouts set provider_ref = ${`sbxp_${ids.failed.replace(/-/g, '')}`} where id = ${ids.failed}`);
    expect(await entriesCheck()).toEqual({ ok: true, off: [] });
    expect((await report()).ok).toBe(true);
  });
});

describe('the ledger', () => {
  it('logs every payout entry as a leaf; its receipt verifies and is served only to his leader', async () => {
    await runLedgerCheckpoint(t.database.db, ledger, t.clock.now(), () => {});
    const leaves = await rows<{ entry_id: string }>(sql`select entry_id from ledger_leaves where source = 'payout_entries' order by entry_seq`);
    const seqs = await rows<{ seq: string }>(sql`select seq from payout_entries order by seq`);
    expect(leaves.map((l) => l.entry_id)).toEqual(seqs.map((s) => String(s.seq)));
    const [paid] = await rows<{ seq: string }>(sql`select seq from payout_entries where payout_id = ${ids.small} and kind = 'paid'`);
    const res = await call(t, w.leader, 'GET', `/api/ledger/receipts/payout_entries/${paid.seq}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.entry).body).toMatchObject({ payoutId: ids.small, kind: 'paid', status: 'paid', amountFen: 1000, leaderId: w.leader.userId });
    expect(verifyReceipt(res.body, loadLedgerKey(ledger.keyFile).publicKey).ok).toBe(true);
    for (const who of [stranger, w.residents[0], w.operator]) {
      const other = await call(t, who, 'GET', `/api/ledger/receipts/payout_entries/${paid.seq}`);
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe('ledger.receipt_not_found');
    }
  });
});

describe('upgrading a database with payouts made before the entries', () => {
  it('the migration\'s backfill rebuilds each old payout\'s history so that it reconciles', async () => {
    const op = w.operator.userId;
    const at = (m: number) => new Date(Date.parse('2026-11-01T02:00:00Z') + m * 60_000).toISOString();
    const base = { leader: w.leader.userId, community: w.community.id };
    const insert = (key: string, cols: string, vals: ReturnType<typeof sql>) => t.database.db.execute(sql`insert into payouts (leader_id, community_id, request_key, provider, created_at, ${sql.raw(cols)})
      values (${base.leader}, ${base.community}, ${key}, 'sandbox', ${at(0)}, ${vals})`);
    await insert('legacy-approved-paid', 'amount_fen, status, decided_by, decided_at, decision_note, attempts, provider_ref, sent_at, completed_at',
      sql`6000, 'paid', ${op}, ${at(5)}, '已核实', 2, 'sbxp_legacy_one', ${at(9)}, ${at(60)}`);
    await insert('legacy-still-sending', 'amount_fen, status, attempts, last_error', sql`1500, 'sending', 2, 'timeout'`);
    await insert('legacy-rejected-one', 'amount_fen, status, decided_by, decided_at, decision_note, completed_at', sql`7000, 'rejected', ${op}, ${at(3)}, '信息不符', ${at(3)}`);
    await insert('legacy-failed-one', 'amount_fen, status, attempts, provider_ref, sent_at, completed_at, failure_reason', sql`2000, 'failed', 1, 'sbxp_legacy_two', ${at(1)}, ${at(30)}, '账户已注销'`);
    const legacy = Object.fromEntries((await rows<{ id: string; request_key: string }>(sql`select id, request_key from payouts where request_key like 'legacy-%'`)).map((r) => [r.request_key, r.id]));
    expect((await entriesCheck()).off.sort()).toEqual(Object.values(legacy).sort());

    // The migration's own statement, limited to these rows (the others already have their history).
    // Found by name, not number: the migration may be renumbered when branches merge.
    const file = readdirSync(path.join(process.cwd(), 'drizzle')).filter((f) => f.endsWith('_payout-entries.sql'));
    expect(file).toHaveLength(1);
    const migration = readFileSync(path.join(process.cwd(), 'drizzle', file[0]), 'utf8');
    const backfill = migration.slice(migration.indexOf('INSERT INTO payout_entries'));
    expect(backfill).toMatch(/ORDER BY ord, payout_id, step, i;\s*$/);
    await t.database.db.execute(sql.raw(backfill.replace(/FROM payouts p\b/g, "FROM (SELECT * FROM payouts WHERE request_key LIKE 'legacy-%') p")));

    expect(await entriesCheck()).toEqual({ ok: true, off: [] });
    expect(await history(legacy['legacy-approved-paid'])).toEqual([
      ['requested', 'awaiting_approval', 6000, null, null, null],
      ['approved', 'sending', 6000, op, '已核实', null],
      ['attempt_failed', 'sending', 6000, null, null, null],
      ['sent', 'sent', 6000, null, null, 'sbxp_legacy_one'],
      ['paid', 'paid', 6000, null, null, null],
    ]);
    expect(await history(legacy['legacy-still-sending'])).toEqual([
      ['requested', 'sending', 1500, null, null, null],
      ['attempt_failed', 'sending', 1500, null, null, null],
      ['attempt_failed', 'sending', 1500, null, 'timeout', null],
    ]);
    expect(await history(legacy['legacy-rejected-one'])).toEqual([
      ['requested', 'awaiting_approval', 7000, null, null, null],
      ['rejected', 'rejected', 7000, op, '信息不符', null],
    ]);
    expect(await history(legacy['legacy-failed-one'])).toEqual([
      ['requested', 'sending', 2000, null, null, null],
      ['sent', 'sent', 2000, null, null, 'sbxp_legacy_two'],
      ['failed', 'failed', 2000, null, '账户已注销', null],
    ]);
  });
});
