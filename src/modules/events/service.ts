import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { domainEvents, eventCursors } from './schema.js';
import type { Db, DbOrTx, Tx } from '../../db/client.js';

export interface DomainEvent {
  type: string;
  communityId: string | null;
  actorId: string | null;
  subjectId: string;
  payload: Record<string, unknown>;
}

type Handler = (event: DomainEvent) => void | Promise<void>;
const handlers = new Map<string, Handler[]>();
const pendingByTx = new WeakMap<object, DomainEvent[]>();

/** Subscribe to an event type; handlers run after the writing transaction has committed. */
export function onEvent(type: string, handler: Handler): () => void {
  const list = handlers.get(type) ?? [];
  list.push(handler);
  handlers.set(type, list);
  return () => handlers.set(type, (handlers.get(type) ?? []).filter((h) => h !== handler));
}

/** Writes a domain event inside the caller's transaction. */
export async function recordEvent(tx: DbOrTx, event: DomainEvent): Promise<void> {
  await tx.insert(domainEvents).values(event);
  pendingByTx.get(tx)?.push(event);
}

/**
 * Runs `work` in one transaction; events recorded in it are dispatched only after commit,
 * so no handler ever sees a change that was rolled back.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let recorded: DomainEvent[] = [];
    try {
      const result = await db.transaction(async (tx) => {
        recorded = [];
        pendingByTx.set(tx, recorded);
        return work(tx);
      });
      await dispatch(recorded);
      return result;
    } catch (err) {
      // A deadlock or serialization failure rolled everything back: the work is safe to redo.
      if (attempt < 3 && isRetryable(err)) continue;
      throw err;
    }
  }
}

const RETRYABLE = new Set(['40P01', '40001']);
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return RETRYABLE.has(e?.code ?? '') || RETRYABLE.has(e?.cause?.code ?? '');
}

async function dispatch(recorded: DomainEvent[]) {
  for (const event of recorded) {
    for (const handler of handlers.get(event.type) ?? []) {
      try {
        await handler(event);
      } catch (err) {
        console.error(`event handler for ${event.type} failed`, err);
      }
    }
  }
}

export interface EventCursor {
  txId: number;
  eventId: number;
}

/**
 * A durable consumer's position in the event log. Taking it FOR UPDATE inside the consumer's
 * transaction makes concurrent consumers of the same name run one after the other, and the new
 * position commits together with the work: each event is handled exactly once.
 */
export async function claimCursor(tx: Tx, consumer: string): Promise<EventCursor> {
  await tx.insert(eventCursors).values({ consumer }).onConflictDoNothing();
  const [row] = await tx.select().from(eventCursors).where(eq(eventCursors.consumer, consumer)).for('update');
  return { txId: row.lastTxId, eventId: row.lastEventId };
}

export async function advanceCursor(tx: Tx, consumer: string, to: { txId: number; id: number }): Promise<void> {
  await tx.update(eventCursors).set({ lastTxId: to.txId, lastEventId: to.id }).where(eq(eventCursors.consumer, consumer));
}

/**
 * Events after a cursor, walked in (writing transaction, id) order and only from transactions
 * older than every transaction of this database still running. Ids are handed out at insert but
 * commit in any order, so an id cursor could pass an event that is not yet visible; a finished
 * transaction, though, can never add another event, so everything below that bound is final.
 */
export async function readEventsAfter(db: DbOrTx, types: string[], after: EventCursor, limit: number) {
  return db.select().from(domainEvents).where(and(
    inArray(domainEvents.type, types),
    sql`(${domainEvents.txId}, ${domainEvents.id}) > (${after.txId}, ${after.eventId})`,
    sql`${domainEvents.txId} < (select least(
      pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
      coalesce((select min(x::text::bigint) from pg_snapshot_xip(pg_current_snapshot()) as x
        where (x::text::bigint % 4294967296) in (
          select a.backend_xid::text::bigint from pg_stat_activity a where a.datname = current_database() and a.backend_xid is not null)),
        9223372036854775807)))`,
  )).orderBy(asc(domainEvents.txId), asc(domainEvents.id)).limit(limit);
}
