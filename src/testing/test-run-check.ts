/**
 * What `.ci/run` refuses after `npm test` (scripts/check-test-run.ts reads the report that
 * scripts/project-counts-reporter.ts writes): a run is green only when every project ran, the
 * browser journeys were not skipped, and the no-oversell property passed against real PostgreSQL.
 * Nothing here reads CI: an empty project fails the run whatever the environment says.
 */
export interface ProjectCounts { passed: number; failed: number; skipped?: number; passedTitles: string[] }
export interface TestRunReport { projects: Record<string, ProjectCounts> }

export const REQUIRED_PROJECTS = ['pglite', 'postgres', 'e2e', 'web'] as const;
/** The concurrency property that must pass on PostgreSQL in every run (src/modules/orders/concurrency.test.ts). */
export const NO_OVERSELL = '200 concurrent orders against 50 units: exactly 50 accepted, the rest told it is sold out, stock never negative';

export function problemsOfTestRun(report: TestRunReport | null | undefined): string[] {
  const projects = report?.projects;
  if (!projects || typeof projects !== 'object') return ['no test report (test-results/projects.json): the suite did not run'];
  const problems: string[] = [];
  for (const name of REQUIRED_PROJECTS) {
    const p = projects[name];
    if (!p || !(p.passed > 0)) problems.push(`the ${name} project ran no test`);
    else if (p.failed > 0) problems.push(`the ${name} project has ${p.failed} failed tests`);
  }
  // The journeys skip themselves without a browser: skipped there means not checked.
  const e2eSkipped = projects.e2e?.skipped ?? 0;
  if (e2eSkipped > 0) problems.push(`the e2e project skipped ${e2eSkipped} tests (no browser?)`);
  // The same files run on both databases (PostgreSQL only adds tests): fewer passes there means part of it did not run.
  const pg = projects.postgres;
  const pglite = projects.pglite;
  if (pg && pglite && pg.passed > 0 && pg.passed < pglite.passed) problems.push(`the postgres project passed ${pg.passed} tests, fewer than the ${pglite.passed} of pglite`);
  if (!pg?.passedTitles?.some((t) => t.endsWith(NO_OVERSELL))) problems.push('the no-oversell concurrency test did not pass against PostgreSQL');
  return problems;
}
