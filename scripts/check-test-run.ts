import { existsSync, readFileSync } from 'node:fs';
import { problemsOfTestRun, type TestRunReport } from '../src/testing/test-run-check.js';

// Run by .ci/run after `npm test` (the rules: src/testing/test-run-check.ts). A report path may be
// given (the checker's own test feeds it fabricated reports); CI is not read.
const file = process.argv[2] ?? 'test-results/projects.json';
let report: TestRunReport | null = null;
try {
  report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TestRunReport) : null;
} catch (err) {
  console.error(`✗ ${file} is not a test report: ${(err as Error).message}`);
  process.exit(1);
}
for (const [name, p] of Object.entries(report?.projects ?? {})) console.log(`${name}: ${p.passed} passed, ${p.failed} failed, ${p.skipped ?? 0} skipped`);
const problems = problemsOfTestRun(report);
if (problems.length) {
  console.error(problems.map((p) => `✗ ${p}`).join('\n'));
  process.exit(1);
}
console.log('every project ran, and no-oversell was checked on PostgreSQL');
