import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layering of ../shared/ENGINEERING.md (read by src/architecture.test.ts and by
 * `npm run graph`, which draws docs/architecture.md), checked over the source: imports run one way (down),
 * modules are reached only through their index.ts, and only a table's owner writes it.
 * No allow-list: every rule holds for every production file.
 */

/** Domain modules, lowest first: a module imports only modules before it. */
export const MODULE_ORDER = [
  'files', 'identity', 'notifications', 'community',
  'catalog', 'suppliers', 'leaders', 'quality', 'campaigns',
  'groupbuy', 'payments', 'orders', 'fulfilment',
  'trust', 'aftersales', 'payouts', 'metrics', 'feed', 'messaging', 'gatherings', 'training',
  'reviews', 'points', 'governance', 'ledger',
] as const;

/** Cross-module layers above the modules, and what each may import besides platform and modules. */
const LAYER_MAY_IMPORT: Record<string, string[]> = {
  workflows: ['workflows'],
  queries: ['queries'],
  consumers: ['consumers'],
  http: ['http', 'workflows', 'queries', 'consumers', 'config'],
};
/** The composition (command line, app, seed, test support) sits on top and may import anything. */
export const COMPOSITION = new Set(['app', 'main', 'jobs', 'api-types', 'config', 'messages', 'db', 'testing']);

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const isTest = (rel: string) => rel.endsWith('.test.ts') || rel.startsWith('testing/');
const rel = (abs: string) => path.relative(src, abs).split(path.sep).join('/');

/** 'platform', 'module:orders', 'workflows', 'http', … or a composition unit. */
export function unitOf(relPath: string): string {
  const [top, second] = relPath.split('/');
  if (top === 'modules') return `module:${second}`;
  return top.replace(/\.ts$/, '');
}

interface Import { from: string; to: string; line: number }

function importsOf(relPath: string, text: string): Import[] {
  const out: Import[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2];
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(relPath), spec)).replace(/\.js$/, '.ts');
    out.push({ from: relPath, to: target, line: text.slice(0, m.index).split('\n').length + 1 });
  }
  return out;
}

export const files = sourceFiles(src).map((abs) => ({ rel: rel(abs), text: readFileSync(abs, 'utf8') }));
export const production = files.filter((f) => !isTest(f.rel));
export const imports = production.flatMap((f) => importsOf(f.rel, f.text));

/** Why an import is forbidden, or null when it is allowed. */
export function importViolation(from: string, to: string): string | null {
  const a = unitOf(from);
  const b = unitOf(to);
  if (to.startsWith('testing/') || to.endsWith('.test.ts')) return 'production code imports test support';
  if (a === b) return null;
  if (COMPOSITION.has(a)) return null;
  if (a === 'platform') return `platform imports ${b}`;
  const isModuleIndex = b.startsWith('module:') && to === `modules/${b.slice(7)}/index.ts`;
  if (a.startsWith('module:')) {
    if (b === 'platform') return null;
    if (!b.startsWith('module:')) return `a module imports ${b}`;
    if (!isModuleIndex) return `${a} reaches into ${to} instead of its index.ts`;
    const rankA = MODULE_ORDER.indexOf(a.slice(7) as (typeof MODULE_ORDER)[number]);
    const rankB = MODULE_ORDER.indexOf(b.slice(7) as (typeof MODULE_ORDER)[number]);
    if (rankA < 0) return `${a} is not in MODULE_ORDER`;
    if (rankB < 0) return `${b} is not in MODULE_ORDER`;
    return rankB < rankA ? null : `${a} imports ${b}, which is not below it`;
  }
  const allowed = LAYER_MAY_IMPORT[a];
  if (!allowed) return `${a} is not a known layer`;
  if (b === 'platform') return null;
  if (b.startsWith('module:')) return isModuleIndex ? null : `${a} reaches into ${to} instead of its index.ts`;
  return allowed.includes(b) ? null : `${a} imports ${b}`;
}

export function cycles(edges: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of edges.keys()) if (!state.has(n)) visit(n);
  return found;
}

/** Table name and drizzle variable → owning unit, read from every schema.ts. */
export function tableOwners() {
  const byName = new Map<string, string>();
  const byVariable = new Map<string, string>();
  for (const f of files.filter((x) => /(^|\/|\.)schema\.ts$/.test(x.rel) && !x.rel.startsWith('db/'))) {
    for (const m of f.text.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)) {
      byVariable.set(m[1], unitOf(f.rel));
      byName.set(m[2], unitOf(f.rel));
    }
  }
  return { byName, byVariable };
}

/** Tables a file writes, by raw SQL or through drizzle's insert/update/delete. */
export function writesOf(text: string, owners: ReturnType<typeof tableOwners>): { table: string; owner: string }[] {
  const out: { table: string; owner: string }[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(/\b(?:insert\s+into|delete\s+from)\s+"?(\w+)"?|\bupdate\s+"?(\w+)"?(?:\s+(?:as\s+)?\w+)?\s+set\b/gi)) {
    const table = (m[1] ?? m[2]).toLowerCase();
    const owner = owners.byName.get(table);
    if (owner) out.push({ table, owner });
  }
  for (const m of code.matchAll(/\.(?:insert|update|delete)\(\s*(?:\w+\.)?(\w+)\s*\)/g)) {
    const owner = owners.byVariable.get(m[1]);
    if (owner) out.push({ table: m[1], owner });
  }
  return out;
}

/** The folders' dependency graph as a Mermaid flowchart (composition left out: it sits on top). */
export function mermaidGraph(): string {
  const edges = new Set<string>();
  for (const i of imports) {
    const [a, b] = [unitOf(i.from), unitOf(i.to)];
    if (a !== b && !COMPOSITION.has(a) && !COMPOSITION.has(b)) edges.add(`  ${a.replace('module:', '')} --> ${b.replace('module:', '')}`);
  }
  return ['flowchart TD', ...[...edges].sort()].join('\n');
}
