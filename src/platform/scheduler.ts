import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from './db/client.js';
import { jobLeases } from './events/schema.js';

export interface ScheduledJob {
  name: string;
  run: (now: Date) => Promise<unknown>;
  /** Runs at most once per this many seconds across all instances; by default on every tick. */
  everySeconds?: number;
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

/** Frees a lease so that the next tick (of any instance) takes the job again. */
async function releaseLease(db: Db, name: string) {
  await db.update(jobLeases).set({ holder: null, leaseUntil: null }).where(eq(jobLeases.name, name));
}

export type SchedulerLog = (msg: string, err?: unknown) => void;

/**
 * One tick: every job whose lease this instance gets runs, each on its own. A job that throws
 * (or whose lease cannot be taken) is logged with its name and does not stop the others; its
 * lease is released so that the next tick runs it again.
 */
export async function runTick(db: Db, jobs: ScheduledJob[], holder: string, intervalMs: number, log: SchedulerLog, now = () => new Date()) {
  const ran: string[] = [];
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      // A periodic job takes its lease under a fresh holder: nobody, this instance included, takes it again before it ends.
      const leased = job.everySeconds
        ? await tryLease(db, job.name, randomUUID(), job.everySeconds)
        : await tryLease(db, job.name, holder, Math.ceil(intervalMs / 1000) * 3);
      if (!leased) continue;
      await job.run(now());
      ran.push(job.name);
    } catch (err) {
      failed.push(job.name);
      log(`scheduled job ${job.name} failed`, err);
      await releaseLease(db, job.name).catch((e) => log(`scheduled job ${job.name}: lease not released`, e));
    }
  }
  return { ran, failed };
}

export function startScheduler(db: Db, jobs: ScheduledJob[], intervalMs: number, log: SchedulerLog) {
  const holder = randomUUID();
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await runTick(db, jobs, holder, intervalMs, log);
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
