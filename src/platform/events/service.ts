import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { domainEvents, eventCursors } from './schema.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { transactionSurvivingConnectionLoss } from '../db/connection-loss.js';
import { preparedQuery } from '../db/prepared.js';

/**
 * Event type → payload. Empty here, so the platform names no domain event: each module adds the
 * events it records by declaration merging in its own events.ts (imported by its index.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventPayloads {}

export type EventType = keyof EventPayloads;

/** An event to record: a discriminated union over the map, so `type` decides the payload. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; communityId: string | null; actorId: string | null; subjectId: string; payload: EventPayloads[K] };
}[T];

/** An event as stored and read back by consumers, narrowed to the types they asked for. */
export type StoredEvent<T extends EventType = EventType> = {
  [K in T]: DomainEvent<K> & { id: number; occurredAt: Date; txId: number };
}[T];

type AnyEvent = { type: string; communityId: string | null; actorId: string | null; subjectId: string; payload: object };
// jsonb takes any object; the map above is what keeps each payload's shape.
const asRow = (event: AnyEvent) => ({ ...event, payload: event.payload as Record<string, unknown> });

/** Writes a domain event inside the caller's transaction: it exists exactly when the change does. */
export async function recordEvent<T extends EventType>(tx: DbOrTx, event: DomainEvent<T> & { type: T }): Promise<void> {
  await tx.insert(domainEvents).values(asRow(event));
}

/** Writes many domain events in one statement (batch jobs). */
export async function recordEvents<T extends EventType>(tx: DbOrTx, events: (DomainEvent<T> & { type: T })[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) await tx.insert(domainEvents).values(events.slice(i, i + 1000).map(asRow));
}

/** Many events in one prepared statement, on the transaction's own connection (the rush engine's hot path). */
export async function recordEventsPrepared<T extends EventType>(tx: Tx, events: (DomainEvent<T> & { type: T })[]): Promise<void> {
  if (events.length === 0) return;
  await preparedQuery(tx)('record_events', `insert into domain_events (type, community_id, actor_id, subject_id, payload)
    select * from unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]::jsonb[])`,
  [events.map((e) => e.type), events.map((e) => e.communityId), events.map((e) => e.actorId), events.map((e) => e.subjectId), events.map((e) => JSON.stringify(e.payload))]);
}

/**
 * Runs `work` in one transaction. Events recorded in it are read after commit by durable
 * consumers (`claimCursor`/`readEventsAfter`), never by in-process callbacks that a crash would lose.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A lost connection is retried inside when that is safe (never when it may have committed).
      return await transactionSurvivingConnectionLoss(db, work);
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

/** Every event whose tx_id is below this is final: no running transaction can add one before it. */
export const FINISHED_TX_BOUND = sql`(select least(
      pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
      coalesce((select min(x::text::bigint) from pg_snapshot_xip(pg_current_snapshot()) as x
        where (x::text::bigint % 4294967296) in (
          select a.backend_xid::text::bigint from pg_stat_activity a where a.datname = current_database() and a.backend_xid is not null)),
        9223372036854775807)))`;

/**
 * Events after a cursor, walked in (writing transaction, id) order and only from transactions
 * older than every transaction of this database still running. Ids are handed out at insert but
 * commit in any order, so an id cursor could pass an event that is not yet visible; a finished
 * transaction, though, can never add another event, so everything below that bound is final.
 */
export async function readEventsAfter<T extends EventType>(db: DbOrTx, types: readonly T[], after: EventCursor, limit: number): Promise<StoredEvent<T>[]> {
  const rows = await db.select().from(domainEvents).where(and(
    inArray(domainEvents.type, [...types]),
    sql`(${domainEvents.txId}, ${domainEvents.id}) > (${after.txId}, ${after.eventId})`,
    sql`${domainEvents.txId} < ${FINISHED_TX_BOUND}`,
  )).orderBy(asc(domainEvents.txId), asc(domainEvents.id)).limit(limit);
  // Only the asked types were selected, and each was written through recordEvent with its payload.
  return rows as StoredEvent<T>[];
}
