import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { storedFiles } from './schema.js';
import { stagedDayPrefix } from './service.js';

const DAY = 86_400_000;
const STAGED_NAME = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[a-z0-9]+$/;

export interface SweepOptions {
  /** A blob younger than this may belong to a transaction still running: it is kept. */
  graceMs?: number;
  /** How many days of staged uploads to look at (orphans appear only among recent ones). */
  days?: number;
}

/**
 * Removes staged blobs that no stored_files row references: left by a transaction that failed
 * (or was rolled back) after its upload was staged. Only blobs older than the grace period go,
 * so a transaction still running keeps its bytes. Safe on any number of instances at once.
 */
export async function sweepUnreferencedUploads(db: DbOrTx, storage: FileStorage, now = new Date(), options: SweepOptions = {}): Promise<{ checked: number; removed: string[] }> {
  const graceMs = options.graceMs ?? DAY;
  const days = options.days ?? 7;
  const before = now.getTime() - graceMs;
  const removed: string[] = [];
  let checked = 0;
  for (let d = days; d >= 0; d--) {
    // A staged key ends in its row's id: rows are found by primary key. Anything else is not ours.
    const blobs = (await storage.list(stagedDayPrefix(new Date(now.getTime() - d * DAY))))
      .filter((b) => b.modifiedAt.getTime() < before && STAGED_NAME.test(b.key));
    checked += blobs.length;
    for (let i = 0; i < blobs.length; i += 500) {
      const chunk = blobs.slice(i, i + 500).map((b) => ({ key: b.key, id: STAGED_NAME.exec(b.key)![1] }));
      const rows = await db.select({ key: storedFiles.storageKey }).from(storedFiles).where(inArray(storedFiles.id, chunk.map((c) => c.id)));
      const used = new Set(rows.map((r) => r.key));
      for (const { key } of chunk.filter((c) => !used.has(c.key))) {
        await storage.delete(key);
        removed.push(key);
      }
    }
  }
  return { checked, removed };
}
