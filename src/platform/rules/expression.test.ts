import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, factsUsed, parseRule, RuleSyntaxError } from './expression.js';

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
});
