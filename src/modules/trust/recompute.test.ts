import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.js';
import { inTransaction } from '../../platform/events/service.js';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openAppDatabase } from '../../db/open.js';
import { CONSUMER, ingestTrustEvents } from './service.js';
import { recomputeAllResidents } from './recompute.service.js';

/*
 * The set-based recomputation against the incremental consumer on random histories: pickups of
 * one to three lines (some before baskets, some naming nobody), no-shows, claims of every outcome,
 * disputed hand-overs, weeks over the cap, ties to the millisecond, timestamps with microseconds,
 * residents with and without an account, new and old.
 */

let database: Database;
const DAY = 86_400_000;
const base = Date.parse('2026-01-01T00:00:00Z');
const now = new Date(base + 400 * DAY + 12_345);
const communities = [randomUUID(), randomUUID(), null];
/** Three with accounts (one of them 10 days old), one without. */
const residents = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const orders = Array.from({ length: 4 }, () => randomUUID());
const groupBuys = Array.from({ length: 2 }, () => randomUUID());

type Ev = { type: string; community: string | null; subject: string; payload: Record<string, unknown>; at: string };
type Step =
  | { kind: 'handover'; resident: number; order: number | null; lines: number[]; community: number; at: string; unnamed: boolean }
  | { kind: 'no_show'; resident: number; groupBuy: number; lines: number; community: number; at: string }
  | { kind: 'decided'; resident: number; final: boolean; reviewed: boolean; upheld: boolean; fraud: boolean; at: string }
  | { kind: 'reviewed'; resident: number; outcome: string; at: string }
  | { kind: 'dispute'; handover: number; at: string };

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

function timeIn(spanDays: number) {
  // Whole milliseconds or with microseconds; a few fixed instants make ties.
  return fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: spanDays * DAY }), fc.integer({ min: 0, max: 999 })).map(([ms, us]) => {
      const d = new Date(base + ms).toISOString();
      return `${d.slice(0, 23)}${String(us).padStart(3, '0')}Z`;
    }),
    fc.constantFrom(new Date(base + DAY).toISOString(), new Date(base + DAY + 1).toISOString()),
  );
}

const stepArb = (spanDays: number): fc.Arbitrary<Step> => {
  const at = timeIn(spanDays);
  const who = fc.integer({ min: 0, max: residents.length - 1 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('handover' as const), resident: who, order: fc.option(fc.integer({ min: 0, max: orders.length - 1 }), { freq: 6 }),
      lines: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 3 }), community: fc.integer({ min: 0, max: 2 }), at, unnamed: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('no_show' as const), resident: who, groupBuy: fc.integer({ min: 0, max: 1 }),
      lines: fc.integer({ min: 1, max: 2 }), community: fc.integer({ min: 0, max: 2 }), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('decided' as const), resident: who, final: fc.boolean(), reviewed: fc.boolean(), upheld: fc.boolean(), fraud: fc.boolean(), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reviewed' as const), resident: who, outcome: fc.constantFrom('valid', 'invalid', 'fraud'), at }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('dispute' as const), handover: fc.nat(), at }) },
  );
};

/** Each step is one writing transaction, as the workflows write them. */
function eventsOf(steps: Step[]): Ev[][] {
  const handovers: { resident: string; lineIds: string[]; at: string }[] = [];
  return steps.flatMap((s): Ev[][] => {
    if (s.kind === 'handover') {
      const handoverId = randomUUID();
      const lineIds = s.lines.map(() => randomUUID());
      const residentId = s.unnamed ? undefined : residents[s.resident];
      handovers.push({ resident: residents[s.resident], lineIds, at: s.at });
      return [s.lines.map((totalFen, i) => ({
        type: 'order.picked_up', community: communities[s.community], subject: lineIds[i], at: s.at,
        payload: s.order === null ? { residentId, totalFen, quantity: 1 } : { orderId: orders[s.order], handoverId, residentId, totalFen, quantity: 1 },
      }))];
    }
    if (s.kind === 'no_show') {
      // The app says an order's lines were left in a group buy once, when its pickup closes: a fresh order each time.
      const orderId = randomUUID();
      return [Array.from({ length: s.lines }, () => ({
        type: 'order.not_collected', community: communities[s.community], subject: randomUUID(), at: s.at,
        payload: { orderId, groupBuyId: groupBuys[s.groupBuy], residentId: residents[s.resident], totalFen: 1000, leaderId: randomUUID() },
      }))];
    }
    if (s.kind === 'decided') {
      return [[{ type: 'claim.decided', community: communities[0], subject: randomUUID(), at: s.at, payload: { residentId: residents[s.resident], final: s.final, reviewed: s.reviewed, upheld: s.upheld, fraud: s.fraud } }]];
    }
    if (s.kind === 'reviewed') {
      return [[{ type: 'claim.reviewed', community: communities[0], subject: randomUUID(), at: s.at, payload: { residentId: residents[s.resident], outcome: s.outcome } }]];
    }
    // A dispute comes after the hand-over it disputes.
    if (handovers.length === 0) return [];
    const h = handovers[s.handover % handovers.length];
    return [[{ type: 'handover.disputed', community: communities[0], subject: randomUUID(), at: h.at, payload: { residentId: h.resident, lineIds: h.lineIds } }]];
  });
}

async function reset() {
  await database.db.execute(sql`truncate domain_events, resident_evidence, resident_profiles`);
  await database.db.execute(sql`delete from event_cursors where consumer = ${CONSUMER}`);
}

async function snapshot() {
  const evidence = rows<Record<string, unknown>>(await database.db.execute(sql`select user_id, community_id, kind, good, severity, credibility,
    to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as at, source_event_id::text as source, subject_id
    from resident_evidence order by source_event_id, kind`));
  const profiles = rows<Record<string, unknown>>(await database.db.execute(sql`select user_id, score, level, facts, computed_at from resident_profiles order by user_id`))
    .map((p) => ({ ...p, computed_at: new Date(p.computed_at as string).toISOString() }));
  return { evidence, profiles };
}

/** A fresh migrated database without the app (as testing/app.ts opens one): PGlite, or TEST_DB=pg. */
async function openDatabase(): Promise<Database> {
  if (process.env.TEST_DB !== 'pg') return openAppDatabase({});
  const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `linli_test_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => { const c = new pg.Client({ connectionString: server }); await c.connect(); await c.query(q); await c.end(); };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const opened = await openAppDatabase({ url: url.toString(), poolSize: 4 });
  return { ...opened, close: async () => { await opened.close(); await admin(`drop database if exists ${name} with (force)`); } };
}

beforeAll(async () => {
  database = await openDatabase();
  const created = [base - 60 * DAY, base - 500 * DAY, base + 395 * DAY];
  for (let i = 0; i < 3; i++) {
    await database.db.execute(sql`insert into users (id, phone, name, created_at) values (${residents[i]}, ${`1990000000${i}`}, ${`居民${i}`}, ${`${new Date(created[i]).toISOString().slice(0, 23)}456Z`})`);
  }
});
afterAll(async () => { await database?.close(); });

describe('trust recomputation in SQL', () => {
  it('gives the same evidence and profiles as the incremental consumer on random histories', async () => {
    const history = fc.constantFrom(5, 30, 400).chain((span) => fc.array(stepArb(span), { minLength: 1, maxLength: 40 }));
    await fc.assert(fc.asyncProperty(history, fc.integer({ min: 3, max: 40 }), async (steps, batch) => {
      await reset();
      for (const tx of eventsOf(steps)) {
        await inTransaction(database.db, async (t) => {
          for (const e of tx) {
            await t.execute(sql`insert into domain_events (type, community_id, subject_id, payload, occurred_at)
              values (${e.type}, ${e.community}, ${e.subject}, ${JSON.stringify(e.payload)}::jsonb, ${e.at}::timestamptz)`);
          }
        });
      }
      // The consumer in batches of `batch` events, all at the same `now`.
      while ((await ingestTrustEvents(database.db, batch, now)).events > 0);
      const incremental = await snapshot();

      await database.db.execute(sql`truncate resident_evidence, resident_profiles`);
      await database.db.execute(sql`delete from event_cursors where consumer = ${CONSUMER}`);
      await recomputeAllResidents(database.db, now);
      const full = await snapshot();
      expect(full.evidence).toEqual(incremental.evidence);
      expect(full.profiles).toEqual(incremental.profiles);
      // The cursor stands after the last event: the consumer finds nothing left to do.
      expect(await ingestTrustEvents(database.db, batch, now)).toEqual({ events: 0, residents: 0 });
    }), { numRuns: 30 });
  }, 120_000);

  it('a week over the cap counts its five earliest pickups; a recomputation keeps imported evidence and then one event recomputes one resident', async () => {
    await reset();
    // Seven pickups in one epoch week (Thursday 2026-01-01 … Wednesday 01-07), the last two of them
    // only ¥3 (credibility 0.1), and one ¥30 pickup the next Thursday.
    const days = [0, 1, 2, 3, 4, 5, 6, 7];
    await inTransaction(database.db, async (t) => {
      for (const d of days) {
        await t.execute(sql`insert into domain_events (type, subject_id, payload, occurred_at) values ('order.picked_up', ${randomUUID()},
          ${JSON.stringify({ orderId: randomUUID(), handoverId: randomUUID(), residentId: residents[1], totalFen: d === 5 || d === 6 ? 300 : 3000 })}::jsonb, ${new Date(base + d * DAY + 1000).toISOString()}::timestamptz)`);
      }
    });
    await database.db.execute(sql`insert into resident_evidence (user_id, kind, good, severity, credibility, occurred_at, source_event_id)
      values (${residents[2]}, 'order_picked_up', true, 1, 1, ${new Date(base).toISOString()}::timestamptz, -1)`);
    const noDecay = new Date(base + 8 * DAY);
    const result = await recomputeAllResidents(database.db, noDecay);
    expect(result).toMatchObject({ residents: 2 });
    const profiles = rows<{ user_id: string; score: number; facts: Record<string, number> }>(await database.db.execute(sql`select user_id, score, facts from resident_profiles order by score desc`));
    // Six ¥30 pickups counted (the five earliest of the first week + one), barely decayed over eight
    // days: 77; keeping the five latest of that week instead (three ¥30, two ¥3) would give 73. The
    // imported pickup stays and counts.
    const her = profiles.find((p) => p.user_id === residents[1]);
    expect(her).toMatchObject({ score: 77, facts: { paidOrders: 8, issues: 0 } });
    expect(profiles.find((p) => p.user_id === residents[2])?.facts.paidOrders).toBe(1);

    await database.db.execute(sql`insert into domain_events (type, subject_id, payload) values ('order.picked_up', ${randomUUID()},
      ${JSON.stringify({ orderId: randomUUID(), handoverId: randomUUID(), residentId: residents[0], totalFen: 3000 })}::jsonb)`);
    expect(await ingestTrustEvents(database.db, 1000, noDecay)).toEqual({ events: 1, residents: 1 });
  });
});
