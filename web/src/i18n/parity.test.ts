import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const namespaces = (lng: string) => readdirSync(path.join(here, lng)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

/** "a.b.c" for every text, with its value. */
function leaves(o: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

// The app loads one language only and has no fallback language, so a key missing from one of
// them would show as a raw key on the page.
describe('texts', () => {
  it('come in the same namespaces for both languages', () => {
    expect(namespaces('en')).toEqual(namespaces('zh-CN'));
    expect(namespaces('zh-CN')).toEqual(expect.arrayContaining(['common', 'resident', 'leader', 'console', 'supplier']));
  });

  it.each(namespaces('zh-CN'))('of %s have the same keys in English and Chinese, every one a string', async (ns) => {
    const zh = leaves((await import(`./zh-CN/${ns}.ts`)).default);
    const en = leaves((await import(`./en/${ns}.ts`)).default);
    expect(en.map(([k]) => k).sort()).toEqual(zh.map(([k]) => k).sort());
    // Empty is allowed: a line one language does not need (nps.translation in Chinese).
    for (const [key, value] of [...zh, ...en]) expect(typeof value, `${ns}:${key}`).toBe('string');
  });
});
