/**
 * `npm start` builds the web app only when its sources changed since the last build: a content
 * hash of everything Vite reads (web/, its config, the lockfile, tsconfig, VITE_* settings) is
 * written beside the build, and compared on the next start. `--force` always builds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP_FILE = '.source-hash';
const INPUTS = ['web', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];

function filesUnder(root: string, rel: string, out: string[]) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  const entries = readdirSync(full, { withFileTypes: true });
  for (const e of entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    const child = path.posix.join(rel, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') filesUnder(root, child, out);
    } else if (e.isFile()) out.push(child);
  }
}

/** A hash of the web app's sources: names and contents, in a fixed order, plus VITE_* settings. */
export function webSourceHash(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    const files: string[] = [];
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) filesUnder(root, input, files);
    else files.push(input);
    for (const f of files) {
      h.update(`${f}\0`);
      h.update(readFileSync(path.join(root, f)));
      h.update('\0');
    }
  }
  for (const k of Object.keys(env).filter((k) => k.startsWith('VITE_')).sort()) h.update(`${k}=${env[k]}\0`);
  return h.digest('hex');
}

/** Whether the build in `outDir` is missing or was made from other sources than these. */
export function webBuildNeeded(root: string, outDir: string, env: NodeJS.ProcessEnv = process.env): { needed: boolean; hash: string } {
  const hash = webSourceHash(root, env);
  const stamp = path.join(outDir, STAMP_FILE);
  if (!existsSync(path.join(outDir, 'index.html')) || !existsSync(stamp)) return { needed: true, hash };
  return { needed: readFileSync(stamp, 'utf8').trim() !== hash, hash };
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = path.join(root, 'dist/web');
  const { needed, hash } = webBuildNeeded(root, outDir);
  if (!needed && !process.argv.includes('--force')) {
    console.log('web app unchanged since its last build (dist/web): not rebuilding');
    return;
  }
  const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
  // Written after a successful build only (Vite empties dist/web first), so a failed build rebuilds.
  writeFileSync(path.join(outDir, STAMP_FILE), `${hash}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
