import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from './testing/app.js';
import { scheduledJobs } from './jobs.js';
import { runTick } from './platform/scheduler.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ledgerDir = mkdtempSync(path.join(tmpdir(), 'linli-jobs-ledger-'));
const ledgerSettings = { keyFile: path.join(ledgerDir, 'key.json'), checkpointDir: path.join(ledgerDir, 'checkpoints'), checkpointEverySeconds: 300, lateCommitGraceSeconds: 600 };

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('the server schedule', () => {
  it('registers every job the app needs', () => {
    const jobs = scheduledJobs(t.database.db, { payments: t.payments, payouts: t.payouts, storage: t.storage, ledger: ledgerSettings });
    expect(jobs.map((j) => j.name)).toEqual([
      'groupbuy.close-due', // cut-offs close group buys
      'orders.expire-unpaid', // unpaid baskets give their stock back
      'fulfilment.aggregate', // make-to-order: closed group buys become purchase orders
      'trust.ingest', // events become resident evidence
      'trust.leader-index',
      'trust.birthday-gifts',
      'aftersales.escalate-overdue', // claims a leader did not answer go to the platform
      'payments.send-refunds', // the refund outbox
      'points.checkout-returns', // points paid at checkout come back with refunds and cancellations
      'events.reminders',
      'training.honours',
      'fulfilment.handover-auto-confirm', // hand-overs without a code settle after 72 h
      'fulfilment.pickup-reminders',
      'fulfilment.not-collected',
      'files.sweep-unreferenced', // blobs of uploads whose transaction failed
      'groupbuy.restock-alerts', // 到货提醒 after a restock
      'http.idempotency-purge', // stored first answers older than a day
      'payouts.ledger', // leaders' commission and deductions into their ledger
      'governance.advance', // 社区提案 across their phase boundaries
      'payouts.send', // the withdrawal outbox
      'ledger.checkpoint', // the community ledger: append, sign a checkpoint, re-verify
    ]);
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
  });

  it('leaves out the withdrawal outbox without a payout provider, and runs the hourly ones hourly', () => {
    const jobs = scheduledJobs(t.database.db, { payments: t.payments, storage: t.storage });
    const all = scheduledJobs(t.database.db, { payments: t.payments, payouts: t.payouts, storage: t.storage });
    expect(jobs.map((j) => j.name)).toEqual(all.map((j) => j.name).filter((n) => n !== 'payouts.send'));
    expect(Object.fromEntries(all.filter((j) => j.everySeconds).map((j) => [j.name, j.everySeconds]))).toEqual({ 'files.sweep-unreferenced': 3600, 'http.idempotency-purge': 3600 });
  });

  it('is the schedule the server starts', () => {
    const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    expect(main).toMatch(/startScheduler\(database\.db, scheduledJobs\(/);
  });

  it('runs every job cleanly on an empty neighbourhood', async () => {
    const errors: string[] = [];
    const jobs = scheduledJobs(t.database.db, { payments: t.payments, payouts: t.payouts, storage: t.storage, ledger: ledgerSettings });
    const tick = await runTick(t.database.db, jobs, randomUUID(), 5000, (msg, err) => errors.push(`${msg}: ${String(err)}`));
    expect(errors).toEqual([]);
    expect(tick.ran).toEqual(jobs.map((j) => j.name));
  });
});
