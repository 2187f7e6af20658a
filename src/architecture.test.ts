import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { COMPOSITION, cycles, importViolation, imports, mermaidGraph, production, tableOwners, unitOf, writesOf } from './testing/architecture.js';

/**
 * The layering of ../shared/ENGINEERING.md, checked over the source: imports run one way (down),
 * modules are reached only through their index.ts, and only a table's owner writes it.
 * No allow-list: every rule holds for every production file.
 */
describe('the house has one direction', () => {
  it('every import between server folders runs down the layers, modules only through index.ts', () => {
    const violations = imports
      .map((i) => ({ ...i, why: importViolation(i.from, i.to) }))
      .filter((i) => i.why)
      .map((i) => `${i.from}:${i.line} → ${i.to}: ${i.why}`);
    expect(violations).toEqual([]);
  });

  it('no import cycle between files or between folders', () => {
    const fileEdges = new Map<string, Set<string>>();
    const unitEdges = new Map<string, Set<string>>();
    for (const i of imports) {
      if (!fileEdges.has(i.from)) fileEdges.set(i.from, new Set());
      fileEdges.get(i.from)!.add(i.to);
      const [a, b] = [unitOf(i.from), unitOf(i.to)];
      if (a !== b && !COMPOSITION.has(a)) {
        if (!unitEdges.has(a)) unitEdges.set(a, new Set());
        unitEdges.get(a)!.add(b);
      }
    }
    expect(cycles(fileEdges).map((c) => c.join(' → '))).toEqual([]);
    expect(cycles(unitEdges).map((c) => c.join(' → '))).toEqual([]);
  });

  it('only a table\'s owning module writes it, in SQL or through the query builder', () => {
    const owners = tableOwners();
    expect(owners.byName.size).toBeGreaterThan(40);
    const violations = production.flatMap((f) => {
      const unit = unitOf(f.rel);
      return writesOf(f.text, owners)
        .filter((w) => w.owner !== unit)
        .map((w) => `${f.rel} writes ${w.table}, owned by ${w.owner}`);
    });
    expect(violations).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    expect(importViolation('platform/time.ts', 'modules/orders/index.ts')).toMatch(/platform imports/);
    expect(importViolation('modules/groupbuy/service.ts', 'modules/orders/index.ts')).toMatch(/not below/);
    expect(importViolation('modules/orders/service.ts', 'modules/groupbuy/service.ts')).toMatch(/index\.ts/);
    expect(importViolation('modules/orders/service.ts', 'workflows/checkout.ts')).toMatch(/a module imports workflows/);
    expect(importViolation('workflows/checkout.ts', 'http/orders.routes.ts')).toMatch(/workflows imports http/);
    expect(importViolation('modules/orders/service.ts', 'modules/groupbuy/index.ts')).toBeNull();
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toHaveLength(1);
    const owners = tableOwners();
    expect(writesOf("sql`update group_buy_items set stock_sold = 1`", owners)).toEqual([{ table: 'group_buy_items', owner: 'module:groupbuy' }]);
    expect(writesOf('tx.insert(notifications).values(x)', owners)).toEqual([{ table: 'notifications', owner: 'module:notifications' }]);
    expect(writesOf("sql`select 1 from orders for update`", owners)).toEqual([]);
  });
});

describe('the drawn graph', () => {
  it('docs/architecture.md shows the graph the code has (npm run graph redraws it)', () => {
    const doc = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
    expect(doc).toContain(mermaidGraph());
  });
});
