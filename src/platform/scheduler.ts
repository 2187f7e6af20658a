import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from './db/client.js';
import { jobLeases } from './events/schema.js';

export interface ScheduledJob {
  name: string;
  run: (now: Date) => Promise<unknown>;
}

/**
 * Takes the named lease if it is free or expired. Each job's own work is also safe to run
 * concurrently (SKIP LOCKED + conditional updates); the lease just avoids wasted effort.
 */
export async function tryLease(db: Db, name: string, holder: string, seconds: number): Promise<boolean> {
  await db.insert(jobLeases).values({ name }).onConflictDoNothing();
  const rows = await db.update(jobLeases).set({ holder, leaseUntil: sql`now() + make_interval(secs => ${seconds})`, lastRunAt: sql`now()` })
    .where(and(eq(jobLeases.name, name), or(isNull(jobLeases.leaseUntil), lt(jobLeases.leaseUntil, sql`now()`), eq(jobLeases.holder, holder))))
    .returning({ name: jobLeases.name });
  return rows.length === 1;
}

export function startScheduler(db: Db, jobs: ScheduledJob[], intervalMs: number, log: (msg: string, err?: unknown) => void) {
  const holder = randomUUID();
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      for (const job of jobs) {
        if (!(await tryLease(db, job.name, holder, Math.ceil(intervalMs / 1000) * 3))) continue;
        await job.run(new Date());
      }
    } catch (err) {
      log('scheduled job failed', err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
