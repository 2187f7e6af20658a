import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from './db/client.js';
import { openTestDatabase } from '../testing/app.js';
import { runTick, startScheduler, type ScheduledJob } from './scheduler.js';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(async () => { await database?.close(); });

/** Jobs that count their runs; `failTimes` makes one throw that many times first. */
function countingJobs(prefix: string, failing: string, failTimes = Infinity, everySeconds?: number) {
  const runs = new Map<string, number>();
  const make = (name: string): ScheduledJob => ({
    name: `${prefix}.${name}`,
    ...(name === failing && everySeconds ? { everySeconds } : {}),
    run: async () => {
      const n = (runs.get(name) ?? 0) + 1;
      runs.set(name, n);
      if (name === failing && n <= failTimes) throw new Error(`${name} broke`);
    },
  });
  return { jobs: ['first', 'broken', 'last'].map(make), runs };
}

describe('scheduled jobs run each on its own', () => {
  it('a throwing job is logged with its name, the others still run in that tick, and it runs again next tick', async () => {
    const { jobs, runs } = countingJobs(`t${randomUUID().slice(0, 8)}`, 'broken');
    const logged: string[] = [];
    const holder = randomUUID();
    const tick1 = await runTick(database.db, jobs, holder, 1000, (msg) => logged.push(msg));
    const tick2 = await runTick(database.db, jobs, holder, 1000, (msg) => logged.push(msg));
    expect(tick1.ran).toEqual([jobs[0].name, jobs[2].name]);
    expect(tick1.failed).toEqual([jobs[1].name]);
    expect(tick2.failed).toEqual([jobs[1].name]);
    expect(Object.fromEntries(runs)).toEqual({ first: 2, broken: 2, last: 2 });
    expect(logged).toEqual([`scheduled job ${jobs[1].name} failed`, `scheduled job ${jobs[1].name} failed`]);
  });

  it('a periodic job that failed is retried on the next tick, then waits for its period', async () => {
    const { jobs, runs } = countingJobs(`p${randomUUID().slice(0, 8)}`, 'broken', 1, 3600);
    const holder = randomUUID();
    const ticks = [];
    for (let i = 0; i < 3; i++) ticks.push(await runTick(database.db, jobs, holder, 1000, () => {}));
    expect(ticks.map((t) => t.failed)).toEqual([[jobs[1].name], [], []]);
    expect(ticks.map((t) => t.ran.includes(jobs[1].name))).toEqual([false, true, false]);
    expect(Object.fromEntries(runs)).toEqual({ first: 3, broken: 2, last: 3 });
  });

  it('leases a job for three ticks (rounded up to a second), a periodic one for its period, and frees a failed one', async () => {
    const { jobs } = countingJobs(`l${randomUUID().slice(0, 8)}`, 'broken');
    const periodic = { ...jobs[2], name: `${jobs[2].name}.hourly`, everySeconds: 3600 };
    await runTick(database.db, [jobs[0], jobs[1], periodic], randomUUID(), 1500, () => {});
    const res = (await database.db.execute(sql`select name, holder, extract(epoch from lease_until - last_run_at)::int as secs from job_leases where name in ${[jobs[0].name, jobs[1].name, periodic.name]}`)) as unknown as { rows: { name: string; holder: string | null; secs: number | null }[] };
    const byName = Object.fromEntries(res.rows.map((r) => [r.name, r]));
    expect(byName[jobs[0].name].secs).toBe(6); // ceil(1.5 s) × 3
    expect(byName[periodic.name].secs).toBe(3600);
    expect(byName[jobs[1].name]).toMatchObject({ holder: null, secs: null });
  });

  it('never overlaps its own ticks, gives each run the time, and stop() waits for the run in flight and ends the ticks', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    let finished = 0;
    const seen: unknown[] = [];
    const slow: ScheduledJob = {
      name: `slow${randomUUID().slice(0, 8)}`,
      run: async (now) => {
        seen.push(now);
        runs++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 120));
        inFlight--;
        finished++;
      },
    };
    const scheduler = startScheduler(database.db, [slow], 5, () => {});
    for (let i = 0; i < 200 && runs < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    expect(inFlight).toBe(0); // stop() returned only after the run in flight ended
    expect(finished).toBe(runs);
    expect(maxInFlight).toBe(1);
    expect(seen.every((d) => d instanceof Date && Math.abs(d.getTime() - Date.now()) < 60_000)).toBe(true);
    const after = runs;
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toBe(after);
  });

  it('several processes ticking at once run a periodic job once between them', async () => {
    const { jobs, runs } = countingJobs(`w${randomUUID().slice(0, 8)}`, 'none', 0, 3600);
    const periodic = jobs.map((j) => ({ ...j, everySeconds: 3600 }));
    // Four workers (own holders, own connections from the pool) on the same tick.
    const ticks = await Promise.all([0, 1, 2, 3].map(() => runTick(database.db, periodic, randomUUID(), 1000, () => {})));
    expect(ticks.flatMap((t) => t.ran).sort()).toEqual(periodic.map((j) => j.name).sort());
    expect(Object.fromEntries(runs)).toEqual({ first: 1, broken: 1, last: 1 });
  });

  it('the running scheduler keeps going past a throwing job', async () => {
    const { jobs, runs } = countingJobs(`s${randomUUID().slice(0, 8)}`, 'broken');
    const errors: unknown[] = [];
    const scheduler = startScheduler(database.db, jobs, 30, (_msg, err) => errors.push(err));
    for (let i = 0; i < 200 && (runs.get('last') ?? 0) < 3; i++) await new Promise((r) => setTimeout(r, 20));
    await scheduler.stop();
    expect(runs.get('last')).toBeGreaterThanOrEqual(3);
    expect(runs.get('broken')).toBeGreaterThanOrEqual(3);
    expect((errors[0] as Error).message).toBe('broken broke');
  });
});
