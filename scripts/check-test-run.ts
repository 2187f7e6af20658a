import { readFileSync } from 'node:fs';

// Run by .ci/run after `npm test`: a green run must have run every project, and the no-oversell
// property must have run against real PostgreSQL — whatever the value of CI.
const REQUIRED = ['pglite', 'postgres', 'e2e', 'web'];
const OVERSELL = '200 concurrent orders against 50 units: exactly 50 accepted, the rest told it is sold out, stock never negative';

const { projects } = JSON.parse(readFileSync('test-results/projects.json', 'utf8')) as {
  projects: Record<string, { passed: number; failed: number; passedTitles: string[] }>;
};
const problems: string[] = [];
for (const name of REQUIRED) {
  const p = projects[name];
  if (!p || p.passed === 0) problems.push(`the ${name} project ran no test`);
  else if (p.failed > 0) problems.push(`the ${name} project has ${p.failed} failed tests`);
}
if (!projects.postgres?.passedTitles.some((t) => t.endsWith(OVERSELL))) problems.push('the no-oversell concurrency test did not pass against PostgreSQL');
for (const [name, p] of Object.entries(projects)) console.log(`${name}: ${p.passed} passed`);
if (problems.length) {
  console.error(problems.map((p) => `✗ ${p}`).join('\n'));
  process.exit(1);
}
console.log('every project ran, and no-oversell was checked on PostgreSQL');
