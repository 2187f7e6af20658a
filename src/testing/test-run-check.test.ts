import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_OVERSELL, problemsOfTestRun, type ProjectCounts, type TestRunReport } from './test-run-check.js';

/** The checker `.ci/run` ends with, fed fabricated reports: a run that tested nothing somewhere is not green. */
const ran = (passed: number, titles: string[] = [], extra: Partial<ProjectCounts> = {}): ProjectCounts => ({ passed, failed: 0, skipped: 0, passedTitles: titles, ...extra });
const complete = (): TestRunReport => ({
  projects: {
    pglite: ran(10, [`src/modules/orders/concurrency.test.ts > concurrency on PGlite > ${NO_OVERSELL}`]),
    postgres: ran(12, [`concurrency on PostgreSQL > ${NO_OVERSELL}`]),
    web: ran(3),
    e2e: ran(2),
  },
});

describe('the test-run checker of .ci/run', () => {
  it('passes a run where every project ran and no-oversell passed on PostgreSQL', () => {
    expect(problemsOfTestRun(complete())).toEqual([]);
  });

  it('fails a report with no project at all, and a missing report', () => {
    expect(problemsOfTestRun({ projects: {} })).toEqual([
      'the pglite project ran no test', 'the postgres project ran no test', 'the e2e project ran no test', 'the web project ran no test',
      'the no-oversell concurrency test did not pass against PostgreSQL',
    ]);
    expect(problemsOfTestRun(null)).toEqual(['no test report (test-results/projects.json): the suite did not run']);
  });

  it('fails when the PostgreSQL project is missing or collected nothing, even though no-oversell passed on PGlite', () => {
    const missing = complete();
    delete missing.projects.postgres;
    expect(problemsOfTestRun(missing)).toEqual(['the postgres project ran no test', 'the no-oversell concurrency test did not pass against PostgreSQL']);
    const empty = complete();
    empty.projects.postgres = ran(0, [], { skipped: 12 });
    expect(problemsOfTestRun(empty)).toEqual(['the postgres project ran no test', 'the no-oversell concurrency test did not pass against PostgreSQL']);
  });

  it('fails when no-oversell did not pass on PostgreSQL though the project ran', () => {
    const r = complete();
    r.projects.postgres = ran(12, ['concurrency on PostgreSQL > random concurrent baskets over shared items']);
    expect(problemsOfTestRun(r)).toEqual(['the no-oversell concurrency test did not pass against PostgreSQL']);
  });

  it('fails when the PostgreSQL project passed fewer tests than PGlite (part of it did not run); equal is enough', () => {
    const fewer = complete();
    fewer.projects.postgres = ran(9, [NO_OVERSELL]);
    expect(problemsOfTestRun(fewer)).toEqual(['the postgres project passed 9 tests, fewer than the 10 of pglite']);
    const equal = complete();
    equal.projects.postgres = ran(10, [NO_OVERSELL]);
    expect(problemsOfTestRun(equal)).toEqual([]);
  });

  it('fails when the browser journeys were skipped, wholly or in part, or a project has failures', () => {
    const none = complete();
    none.projects.e2e = ran(0, [], { skipped: 14 });
    expect(problemsOfTestRun(none)).toEqual(['the e2e project ran no test', 'the e2e project skipped 14 tests (no browser?)']);
    const part = complete();
    part.projects.e2e = ran(2, [], { skipped: 1 });
    expect(problemsOfTestRun(part)).toEqual(['the e2e project skipped 1 tests (no browser?)']);
    const failed = complete();
    failed.projects.web = ran(3, [], { failed: 1 });
    expect(problemsOfTestRun(failed)).toEqual(['the web project has 1 failed tests']);
  });

  it('the script exits non-zero on an empty report whatever CI says, and zero on a complete one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-check-'));
    const run = (report: unknown, ci: string | undefined) => {
      const file = join(dir, 'projects.json');
      writeFileSync(file, JSON.stringify(report));
      const env = { ...process.env };
      if (ci === undefined) delete env.CI; else env.CI = ci;
      try {
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/check-test-run.ts', file], { env, stdio: 'pipe' });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    for (const ci of [undefined, 'true']) expect(run({ projects: {} }, ci)).toBe(1);
    expect(run(complete(), undefined)).toBe(0);
  });
});
