import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbOrTx } from './platform/db/client.js';
import { claimCursor, inTransaction, readEventsAfter, recordEvent, recordEvents, type EventPayloads, type EventType, type StoredEvent } from './platform/events/service.js';
import { openTestDatabase } from './testing/app.js';
import type { Database } from './platform/db/client.js';

/**
 * One map from event type to payload: every module adds its events to EventPayloads in its own
 * events.ts. The type checks below are proved by `tsc --noEmit` (the test run's type check): a
 * `@ts-expect-error` line that compiled would itself be an error. The source checks run here.
 */

const src = path.dirname(fileURLToPath(import.meta.url));
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}
const files = sourceFiles(src).map((abs) => ({ rel: path.relative(src, abs).split(path.sep).join('/'), text: readFileSync(abs, 'utf8') }));
const EVENT_LITERAL = /'([a-z_]+\.[a-z_]+)'/g;

/** The keys the modules' events.ts files add to the map. */
const mapKeys = new Map<string, string>();
for (const f of files.filter((x) => /^modules\/[^/]+\/events\.ts$/.test(x.rel))) {
  for (const m of f.text.matchAll(/^\s*'([a-z_]+\.[a-z_]+)'\s*:/gm)) mapKeys.set(m[1], f.rel);
}

/** Event types written anywhere: the literals of `type:` (and the suppliers' `event:` table) in files that record events. */
const recorded = new Map<string, string>();
for (const f of files.filter((x) => /\brecordEvents?\(/.test(x.text) && !x.rel.startsWith('platform/'))) {
  for (const m of f.text.matchAll(/\b(?:type|event):\s*([^,\n]+)/g)) {
    for (const lit of m[1].matchAll(EVENT_LITERAL)) recorded.set(lit[1], f.rel);
  }
}

/** Event types read in SQL over domain_events (`type = '…'`, `type in ('…', …)`). */
const readInSql = new Map<string, string>();
for (const f of files.filter((x) => x.text.includes('domain_events'))) {
  for (const m of f.text.matchAll(/\btype\s*=\s*'([a-z_]+\.[a-z_]+)'|\btype\s+in\s*\(([^)]*)\)/g)) {
    for (const lit of m[1] ? [m[1]] : [...m[2].matchAll(EVENT_LITERAL)].map((x) => x[1])) readInSql.set(lit, f.rel);
  }
}

describe('one map from event type to payload', () => {
  it('every event type recorded anywhere is a key of the map, and every key is recorded somewhere', () => {
    expect(mapKeys.size).toBeGreaterThan(55);
    expect(recorded.size).toBeGreaterThan(55);
    expect([...recorded].filter(([type]) => !mapKeys.has(type))).toEqual([]);
    expect([...mapKeys].filter(([type]) => !recorded.has(type))).toEqual([]);
    // Spot checks that the scan sees the shapes it must: a ternary, the suppliers' decision table, a workflow.
    expect(recorded.get('batch.rejected')).toBe('modules/quality/service.ts');
    expect(recorded.get('supplier.suspended')).toBe('modules/suppliers/service.ts');
    expect(recorded.get('handover.auto_confirmed')).toBe('workflows/hand-over.ts');
    expect(mapKeys.get('order.placed')).toBe('modules/orders/events.ts');
  });

  it('every event type read in SQL is a key of the map', () => {
    expect(readInSql.get('claim.decided')).toBeDefined();
    expect([...readInSql].filter(([type]) => !mapKeys.has(type))).toEqual([]);
  });

  it('each module imports its events.ts from its index.ts, so its events are always in the program', () => {
    const missing = [...new Set(mapKeys.values())].filter((rel) => {
      const index = files.find((f) => f.rel === rel.replace(/events\.ts$/, 'index.ts'));
      return !index?.text.includes("import './events.js'");
    });
    expect(missing).toEqual([]);
  });

  it('the platform names no event: its map is empty and augmented only by modules', () => {
    const platform = files.filter((f) => f.rel.startsWith('platform/events/')).map((f) => f.text).join('\n');
    expect(platform).toMatch(/export interface EventPayloads \{\}/);
    expect([...platform.matchAll(/^\s*'([a-z_]+\.[a-z_]+)'\s*:/gm)]).toEqual([]);
  });

  it('types: a payload is checked against its type; an unknown type or a wrong payload does not compile', () => {
    // Never called: these lines are here for the type checker.
    const compileOnly = (tx: DbOrTx) => {
      const line = { orderId: 'o', groupBuyId: 'g', itemId: 'i', residentId: 'u', quantity: 1, totalFen: 100, handoverId: 'h' };
      void recordEvent(tx, { type: 'order.picked_up', communityId: null, actorId: null, subjectId: 'l', payload: line });
      // @ts-expect-error totalFen is a number of fen, not a string
      void recordEvent(tx, { type: 'order.picked_up', communityId: null, actorId: null, subjectId: 'l', payload: { ...line, totalFen: '100' } });
      const { residentId: _dropped, ...withoutResident } = line;
      // @ts-expect-error residentId is required
      void recordEvent(tx, { type: 'order.picked_up', communityId: null, actorId: null, subjectId: 'l', payload: withoutResident });
      // @ts-expect-error an event type nobody declared
      void recordEvent(tx, { type: 'order.teleported', communityId: null, actorId: null, subjectId: 'l', payload: {} });
      // @ts-expect-error a field that is not in the payload
      void recordEvent(tx, { type: 'poll.voted', communityId: null, actorId: null, subjectId: 'p', payload: { options: 2, secret: true } });
      // @ts-expect-error another event's payload
      void recordEvents(tx, [{ type: 'claim.reviewed', communityId: null, actorId: null, subjectId: 'c', payload: { options: 2 } }]);
    };
    expectTypeOf(compileOnly).toBeFunction();
    expectTypeOf<EventPayloads['claim.reviewed']['outcome']>().toEqualTypeOf<'valid' | 'invalid' | 'fraud'>();
    expectTypeOf<'order.placed'>().toMatchTypeOf<EventType>();
    // Consumers get rows narrowed to the types they read, the type deciding the payload.
    type Read = Awaited<ReturnType<typeof readEventsAfter<'claim.reviewed' | 'order.picked_up'>>>[number];
    expectTypeOf<Read['type']>().toEqualTypeOf<'claim.reviewed' | 'order.picked_up'>();
    expectTypeOf<Extract<Read, { type: 'claim.reviewed' }>['payload']>().toEqualTypeOf<EventPayloads['claim.reviewed']>();
    expect(compileOnly).toBeTypeOf('function');
  });
});

describe('recorded events read back through a cursor', () => {
  let database: Database;
  beforeAll(async () => { database = await openTestDatabase(); });
  afterAll(async () => { await database.close(); });

  it('come back with their payloads, only of the types asked for', async () => {
    const db = database.db;
    await inTransaction(db, async (tx) => {
      await recordEvent(tx, { type: 'poll.voted', communityId: null, actorId: null, subjectId: '00000000-0000-4000-8000-000000000001', payload: { options: 2 } });
      await recordEvents(tx, [
        { type: 'claim.reviewed', communityId: null, actorId: null, subjectId: '00000000-0000-4000-8000-000000000002', payload: { residentId: 'u1', outcome: 'fraud', leaderId: null } },
        { type: 'content.hidden', communityId: null, actorId: null, subjectId: '00000000-0000-4000-8000-000000000003', payload: { targetType: 'post', reason: 'spam' } },
      ]);
    });
    const rows = await inTransaction(db, async (tx) => readEventsAfter(tx, ['claim.reviewed', 'poll.voted'], await claimCursor(tx, 'event-map.test'), 10));
    const seen = rows.map((e: StoredEvent<'claim.reviewed' | 'poll.voted'>) => (e.type === 'claim.reviewed' ? `${e.type}:${e.payload.outcome}` : `${e.type}:${e.payload.options}`));
    expect(seen).toEqual(['poll.voted:2', 'claim.reviewed:fraud']);
  });
});
