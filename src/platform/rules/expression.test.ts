import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conjuncts, evaluate, factsUsed, parseRule, RuleSyntaxError, specialize } from './expression.js';

const FACTS = ['paid_orders', 'avg_order_yuan', 'category', 'hours_since_pickup', 'photo_present', 'level', 'tags'] as const;
const ok = (src: string, facts: Record<string, unknown>) => evaluate(parseRule(src, FACTS), facts as never);

describe('rule expressions', () => {
  it('evaluates comparisons, logic (English and Chinese connectives), lists and negation', () => {
    expect(ok('paid_orders >= 3 and avg_order_yuan > 80', { paid_orders: 3, avg_order_yuan: 81 })).toBe(true);
    expect(ok('paid_orders >= 3 且 avg_order_yuan > 80', { paid_orders: 2, avg_order_yuan: 81 })).toBe(false);
    expect(ok('paid_orders >= 10 或 level == "A"', { paid_orders: 1, level: 'A' })).toBe(true);
    expect(ok("category in ['fresh_produce', 'eggs'] && hours_since_pickup <= 24 && !photo_present", { category: 'fresh_produce', hours_since_pickup: 5, photo_present: false })).toBe(true);
    expect(ok("'信任团长推荐' in tags", { tags: ['注重食品安全', '信任团长推荐'] })).toBe(true);
    expect(ok('not (paid_orders > 1)', { paid_orders: 0 })).toBe(true);
    // Comparing across types is simply false, never an exception.
    expect(ok('level > 3', { level: 'A' })).toBe(false);
  });

  it('refuses what does not parse, with the position of the error', () => {
    const at = (src: string) => { try { parseRule(src, FACTS); return null; } catch (e) { return e as RuleSyntaxError; } };
    expect(at('paid_orders >= ')).toMatchObject({ code: 'rule.syntax', position: 15 });
    expect(at('paid_orders >= 3 and (avg_order_yuan > 1')).toMatchObject({ code: 'rule.syntax', position: 40, detail: 'expected )' });
    expect(at('paid_orders >= 3 and shoe_size > 40')).toMatchObject({ code: 'rule.unknown_fact', position: 21, detail: 'shoe_size' });
    expect(at('paid_orders >= 3 ; drop table')).toMatchObject({ code: 'rule.syntax', position: 17 });
    expect(at("category == 'fresh")).toMatchObject({ code: 'rule.syntax', position: 12 });
  });

  it('reports which facts a rule reads', () => {
    expect([...factsUsed(parseRule('paid_orders > 1 and (level == "A" or not photo_present)', FACTS))].sort()).toEqual(['level', 'paid_orders', 'photo_present']);
  });

  it('never throws on arbitrary input: parses or refuses with a position inside the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (src) => {
      try {
        const tree = parseRule(src, FACTS);
        expect(typeof evaluate(tree, {})).toBe('boolean');
      } catch (e) {
        expect(e).toBeInstanceOf(RuleSyntaxError);
        expect((e as RuleSyntaxError).position).toBeGreaterThanOrEqual(0);
        expect((e as RuleSyntaxError).position).toBeLessThanOrEqual(src.length);
      }
    }), { numRuns: 2000 });
  });

  it('specializes a rule with facts known in advance: decided parts fold away, the rest stays', () => {
    const rule = parseRule("category in ['fresh_produce'] and hours_since_pickup <= 24 and (level == 'A' or not photo_present)", FACTS);
    const fresh = specialize(rule, { category: 'fresh_produce' });
    expect(factsUsed(fresh)).toEqual(new Set(['hours_since_pickup', 'level', 'photo_present']));
    expect(conjuncts(fresh)).toHaveLength(2);
    expect(specialize(rule, { category: 'packaged_food' })).toEqual({ kind: 'literal', value: false });
    expect(specialize(rule, { category: 'fresh_produce', hours_since_pickup: 5, level: 'A' })).toEqual({ kind: 'literal', value: true });
    expect(specialize(parseRule('not photo_present or paid_orders > 2', FACTS), { photo_present: false })).toEqual({ kind: 'literal', value: true });
    expect(specialize(parseRule('true', FACTS), {})).toEqual({ kind: 'literal', value: true });
  });

  it('a specialized rule decides exactly as the whole rule on every completion of the facts', () => {
    const rules = ["category in ['fresh_produce', 'eggs'] and (paid_orders >= 3 or not photo_present) and level != 'D'",
      "not (category == 'eggs') or hours_since_pickup < 48", "photo_present and not (level in ['C', 'D'] and avg_order_yuan > 50)"].map((r) => parseRule(r, FACTS));
    const facts = fc.record({
      category: fc.constantFrom('fresh_produce', 'eggs', 'other'), paid_orders: fc.integer({ min: 0, max: 6 }), photo_present: fc.boolean(),
      level: fc.constantFrom('A', 'B', 'C', 'D'), hours_since_pickup: fc.integer({ min: 0, max: 100 }), avg_order_yuan: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(fc.property(facts, fc.subarray(['category', 'photo_present', 'level'] as const), fc.constantFrom(...rules), (all, knownNames, rule) => {
      const known = Object.fromEntries(knownNames.map((n) => [n, all[n]]));
      expect(evaluate(specialize(rule, known), all)).toBe(evaluate(rule, all));
    }));
  });
});
