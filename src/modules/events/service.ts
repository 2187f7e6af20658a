import { domainEvents } from './schema.js';
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
  let recorded: DomainEvent[] = [];
  const result = await db.transaction(async (tx) => {
    recorded = [];
    pendingByTx.set(tx, recorded);
    return work(tx);
  });
  for (const event of recorded) {
    for (const handler of handlers.get(event.type) ?? []) {
      try {
        await handler(event);
      } catch (err) {
        console.error(`event handler for ${event.type} failed`, err);
      }
    }
  }
  return result;
}
