import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Writes how many tests each Vitest project passed, and which passed on which project, to
 * test-results/projects.json, so `.ci/run` can refuse a run where a project collected nothing
 * (e.g. the PostgreSQL or browser project skipped) even though every collected test passed.
 */
export default class ProjectCountsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const projects: Record<string, { passed: number; failed: number; skipped: number; passedTitles: string[] }> = {};
    for (const module of testModules) {
      const name = module.project.name || 'default';
      const p = (projects[name] ??= { passed: 0, failed: 0, skipped: 0, passedTitles: [] });
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') {
          p.passed++;
          p.passedTitles.push(test.fullName);
        } else if (state === 'failed') p.failed++;
        else p.skipped++;
      }
    }
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/projects.json', JSON.stringify({ projects }, null, 1));
  }
}
