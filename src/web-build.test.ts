import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STAMP_FILE, webBuildNeeded } from './web-build.js';

/** A project with a web app and a finished build whose stamp matches the sources. */
function project() {
  const root = mkdtempSync(path.join(tmpdir(), 'linli-web-'));
  mkdirSync(path.join(root, 'web/src/pages'), { recursive: true });
  writeFileSync(path.join(root, 'web/index.html'), '<div id="root"></div>');
  writeFileSync(path.join(root, 'web/src/pages/home.tsx'), 'export const Home = () => null;');
  writeFileSync(path.join(root, 'vite.config.ts'), 'export default {}');
  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
  const out = path.join(root, 'dist/web');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'index.html'), 'built');
  writeFileSync(path.join(out, STAMP_FILE), webBuildNeeded(root, out, {}).hash);
  return { root, out };
}

describe('npm start builds the web app only when it changed', () => {
  const made: string[] = [];
  const fresh = () => {
    const p = project();
    made.push(p.root);
    return p;
  };
  afterEach(() => {
    for (const r of made.splice(0)) rmSync(r, { recursive: true, force: true });
  });

  it('skips the build when nothing changed', () => {
    const { root, out } = fresh();
    expect(webBuildNeeded(root, out, {}).needed).toBe(false);
  });

  it('rebuilds when a source file, the page shell, the Vite config or the lockfile changed', () => {
    for (const file of ['web/src/pages/home.tsx', 'web/index.html', 'vite.config.ts', 'package-lock.json']) {
      const { root, out } = fresh();
      writeFileSync(path.join(root, file), 'changed');
      expect(webBuildNeeded(root, out, {}).needed, file).toBe(true);
    }
  });

  it('rebuilds when a file was added or renamed', () => {
    const { root, out } = fresh();
    writeFileSync(path.join(root, 'web/src/pages/new.tsx'), '');
    expect(webBuildNeeded(root, out, {}).needed).toBe(true);
    const second = fresh();
    rmSync(path.join(second.root, 'web/src/pages/home.tsx'));
    writeFileSync(path.join(second.root, 'web/src/pages/home2.tsx'), 'export const Home = () => null;');
    expect(webBuildNeeded(second.root, second.out, {}).needed).toBe(true);
  });

  it('rebuilds when a VITE_ setting differs, or the build or its stamp is missing', () => {
    const a = fresh();
    expect(webBuildNeeded(a.root, a.out, { VITE_API: 'x' }).needed).toBe(true);
    expect(webBuildNeeded(a.root, a.out, { OTHER: 'x' }).needed).toBe(false);
    rmSync(path.join(a.out, STAMP_FILE));
    expect(webBuildNeeded(a.root, a.out, {}).needed).toBe(true);
    const b = fresh();
    rmSync(path.join(b.out, 'index.html'));
    expect(webBuildNeeded(b.root, b.out, {}).needed).toBe(true);
  });
});
