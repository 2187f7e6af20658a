import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve('src');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}
// Tests may drive a workflow directly; the rule is about the code they test.
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]))
  // The shapes every response schema is built from (error body, lists, instants) call nothing: not a route file.
  .filter((target) => target !== path.join(root, 'http/api-schemas.js'));

describe('workflows sit above the modules', () => {
  it('no module imports a workflow or an http route file (modules never call up into what spans them)', () => {
    const upward = files(path.join(root, 'modules')).flatMap((f) =>
      importsOf(f).filter((target) => target.startsWith(path.join(root, 'workflows')) || target.startsWith(path.join(root, 'http'))).map((target) => `${path.relative(root, f)} → ${path.relative(root, target)}`));
    expect(upward).toEqual([]);
  });

  it('a workflow never imports an http route file', () => {
    const upward = files(path.join(root, 'workflows')).flatMap((f) =>
      importsOf(f).filter((target) => target.startsWith(path.join(root, 'http'))).map((target) => `${path.relative(root, f)} → ${path.relative(root, target)}`));
    expect(upward).toEqual([]);
  });
});
