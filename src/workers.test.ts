import { describe, expect, it } from 'vitest';
import { workerPlan } from './workers.js';

describe('how many processes npm start runs', () => {
  const pg = 'postgres://u@db:5432/linli';

  it('runs one process unless LINLI_WORKERS asks for more', () => {
    expect(workerPlan({}, pg)).toEqual({ workers: 1 });
    expect(workerPlan({ LINLI_WORKERS: '1' }, pg)).toEqual({ workers: 1 });
  });

  it('runs the asked number on PostgreSQL, sharing out the usual pool', () => {
    expect(workerPlan({ LINLI_WORKERS: '4' }, pg)).toEqual({ workers: 4, poolSize: 5 });
    expect(workerPlan({ LINLI_WORKERS: '2' }, pg)).toEqual({ workers: 2, poolSize: 10 });
    expect(workerPlan({ LINLI_WORKERS: '2', DATABASE_POOL_SIZE: '30' }, pg)).toEqual({ workers: 2, poolSize: 30 });
    expect(workerPlan({ LINLI_WORKERS: 'auto' }, pg, 8).workers).toBe(8);
  });

  it('runs one on the embedded database and says why', () => {
    const plan = workerPlan({ LINLI_WORKERS: '4' }, undefined);
    expect(plan.workers).toBe(1);
    expect(plan.note).toMatch(/PGlite.*DATABASE_URL/);
  });

  it('refuses a number that is not one', () => {
    for (const bad of ['0', '-2', 'two', '1.5', '65']) expect(() => workerPlan({ LINLI_WORKERS: bad }, pg), bad).toThrow(/LINLI_WORKERS/);
  });
});
