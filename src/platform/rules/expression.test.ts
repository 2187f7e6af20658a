import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conjuncts, describe as describeRule, evaluate, explainRule, factsUsed, parseRule, RuleSyntaxError, specialize, type Wording } from './expression.js';

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

describe('rule expressions at their edges', () => {
  const at = (src: string) => { try { parseRule(src, FACTS); return null; } catch (e) { return e as RuleSyntaxError; } };

  it('compares on the limit: >= and <= hold on it, > and < do not; == and != are exact', () => {
    const f = { paid_orders: 3 };
    expect(['>= 3', '<= 3', '> 3', '< 3', '== 3', '!= 3'].map((op) => ok(`paid_orders ${op}`, f))).toEqual([true, true, false, false, true, false]);
    expect(['>= 3', '<= 3', '> 3', '< 3', '== 3', '!= 3'].map((op) => ok(`paid_orders ${op}`, { paid_orders: 2 }))).toEqual([false, true, false, true, false, true]);
    expect(['>= 3', '<= 3', '> 3', '< 3', '== 3', '!= 3'].map((op) => ok(`paid_orders ${op}`, { paid_orders: 4 }))).toEqual([true, false, true, false, false, true]);
    expect(ok('avg_order_yuan <= 0.15', { avg_order_yuan: 0.15 })).toBe(true);
    expect(ok('avg_order_yuan > .15', { avg_order_yuan: 0.15 })).toBe(false);
    // Strings compare only for equality; a string is never < or > a number.
    expect(ok("level == 'A'", { level: 'A' })).toBe(true);
    expect(ok("level != 'A'", { level: 'B' })).toBe(true);
    expect(ok("level < 'B'", { level: 'A' })).toBe(false);
    expect(ok('3 >= level', { level: 'A' })).toBe(false);
    // A fact the caller does not know is false, never an exception.
    expect(ok('paid_orders >= 0', {})).toBe(false);
    expect(ok('not photo_present', {})).toBe(true);
  });

  it('reads every connective: && || ! and 且 并且 或 或者 非 属于, in any case', () => {
    const f = { paid_orders: 5, level: 'A', photo_present: false, category: 'eggs', tags: ['a', 'b'] };
    expect(ok('paid_orders > 1 && level == "A"', f)).toBe(true);
    expect(ok('paid_orders > 9 || level == "A"', f)).toBe(true);
    expect(ok('paid_orders > 9 || level == "B"', f)).toBe(false);
    expect(ok('paid_orders > 9 AND level == "A"', f)).toBe(false);
    expect(ok('paid_orders > 9 Or level == "A"', f)).toBe(true);
    expect(ok('!photo_present', f)).toBe(true);
    expect(ok('!!photo_present', f)).toBe(false);
    expect(ok('paid_orders > 1 并且 level == "A"', f)).toBe(true);
    expect(ok('paid_orders > 1 并且 level == "B"', f)).toBe(false);
    expect(ok('paid_orders > 9 或者 level == "A"', f)).toBe(true);
    expect(ok('paid_orders > 9 或 level == "B"', f)).toBe(false);
    expect(ok('非 photo_present', f)).toBe(true);
    expect(ok("category 属于 ['eggs']", f)).toBe(true);
    expect(ok('category in ‘eggs’', f)).toBe(true);
    expect(ok('category == “eggs”', f)).toBe(true);
    expect(ok("'c' in tags", f)).toBe(false);
    expect(ok("tags in ['b', 'x']", f)).toBe(true);
    expect(ok("tags in ['x']", f)).toBe(false);
    expect(ok('tags', f)).toBe(true);
    expect(ok('tags', { tags: [] })).toBe(false);
    expect(ok('paid_orders in []', f)).toBe(false);
    expect(ok('true and 是 and not false and not 否', {})).toBe(true);
    expect(ok('false or 否', {})).toBe(false);
    // and binds tighter than or; not tighter than and.
    expect(ok('paid_orders > 9 and level == "A" or photo_present', f)).toBe(false);
    expect(ok('level == "A" or paid_orders > 9 and photo_present', f)).toBe(true);
    expect(ok('not photo_present and paid_orders > 9', f)).toBe(false);
  });

  it('refuses with the exact position: bad numbers, stray characters, missing parts, text past the end, over 2,000 characters', () => {
    expect(at('paid_orders > 1.2.3')).toMatchObject({ code: 'rule.syntax', position: 14, detail: 'bad number 1.2.3' });
    expect(at('paid_orders > 3 $')).toMatchObject({ code: 'rule.syntax', position: 16, detail: 'unexpected character $' });
    expect(at('paid_orders > 3 4')).toMatchObject({ code: 'rule.syntax', position: 16, detail: 'unexpected 4' });
    expect(at('')).toMatchObject({ code: 'rule.syntax', position: 0, detail: 'unexpected end' });
    expect(at('(paid_orders > 3')).toMatchObject({ code: 'rule.syntax', position: 16, detail: 'expected )' });
    expect(at("category in ['eggs'")).toMatchObject({ code: 'rule.syntax', position: 19, detail: 'expected ]' });
    expect(at('category in ]')).toMatchObject({ code: 'rule.syntax', position: 12, detail: 'unexpected ]' });
    expect(at('“eggs')).toMatchObject({ code: 'rule.syntax', position: 0, detail: 'unterminated string' });
    expect(at(`paid_orders > ${'1'.repeat(1986)}`)).toBeNull();
    expect(at(`paid_orders > ${'1'.repeat(1987)}`)).toMatchObject({ code: 'rule.syntax', position: 2000, detail: 'too long' });
    expect(at('paid_orders>=3 and level!="A"')).toBeNull();
    expect(at('tags.x > 1')).toMatchObject({ code: 'rule.unknown_fact', position: 0, detail: 'tags.x' });
    expect(at('paid_orders2 > 1')).toMatchObject({ code: 'rule.unknown_fact', detail: 'paid_orders2' });
  });

  it('an operator in quotes is a string, and an operator where none belongs is refused', () => {
    expect(at("paid_orders '>=' 3")).toMatchObject({ code: 'rule.syntax', position: 12, detail: 'unexpected >=' });
    expect(at("category 'in' tags")).toMatchObject({ code: 'rule.syntax', position: 9, detail: 'unexpected in' });
    expect(at("paid_orders > 1 'and' photo_present")).toMatchObject({ code: 'rule.syntax', position: 16, detail: 'unexpected and' });
    expect(at("paid_orders > 1 'or' photo_present")).toMatchObject({ code: 'rule.syntax', position: 16, detail: 'unexpected or' });
    expect(at("'not' photo_present")).toMatchObject({ code: 'rule.syntax', position: 6, detail: 'unexpected photo_present' });
    expect(at('and paid_orders > 1')).toMatchObject({ code: 'rule.syntax', position: 0, detail: 'unexpected and' });
    expect(at('paid_orders > 1 not photo_present')).toMatchObject({ code: 'rule.syntax', position: 16, detail: 'unexpected not' });
    expect(at('paid_orders > 1.2.3')?.message).toBe('rule.syntax at 14: bad number 1.2.3');
    // A number is never compared with a string, even one that reads as a number.
    expect(ok("paid_orders >= '3'", { paid_orders: 3 })).toBe(false);
    expect(ok("'3' <= paid_orders", { paid_orders: 3 })).toBe(false);
  });

  it('parses lists of several items and empty lists', () => {
    expect(parseRule("category in ['a', 'b', 3]", FACTS)).toEqual({ kind: 'in', left: { kind: 'fact', name: 'category', pos: 0 }, right: { kind: 'list', items: [{ kind: 'literal', value: 'a' }, { kind: 'literal', value: 'b' }, { kind: 'literal', value: 3 }] } });
    expect(parseRule('category in []', FACTS)).toMatchObject({ right: { kind: 'list', items: [] } });
    expect(factsUsed(parseRule('category in [level, 2]', FACTS))).toEqual(new Set(['category', 'level']));
    expect(factsUsed(parseRule('not (paid_orders < 2)', FACTS))).toEqual(new Set(['paid_orders']));
  });

  const w: Wording = {
    fact: (n) => `<${n}>`, value: (fact, v) => `${fact ?? '-'}:${String(v)}`, and: 'AND', or: 'OR', not: 'NOT ', in: 'IN', yes: 'YES', no: 'NO',
    notFact: (n) => (n === 'photo_present' ? 'no photo' : null), always: 'ALWAYS', list: (items) => items.join('|'), group: (t) => `{${t}}`,
    ops: { '>=': 'GE', '<=': 'LE', '>': 'GT', '<': 'LT', '==': 'EQ', '!=': 'NE' },
  };
  const words = (src: string) => describeRule(parseRule(src, FACTS), w);

  it('reads a rule back in the wording given: operators, values with their fact, groups only where needed', () => {
    expect(words('true')).toBe('ALWAYS');
    expect(words('false')).toBe('NO');
    expect(words('true and paid_orders > 1')).toBe('YES AND <paid_orders> GT paid_orders:1');
    expect(words("paid_orders >= 1 and paid_orders <= 2 and paid_orders < 3 and level == 'A' and level != 'B'"))
      .toBe('<paid_orders> GE paid_orders:1 AND <paid_orders> LE paid_orders:2 AND <paid_orders> LT paid_orders:3 AND <level> EQ level:A AND <level> NE level:B');
    expect(words("category in ['a', 'b']")).toBe('<category> IN category:a|category:b');
    expect(words("3 == paid_orders")).toBe('-:3 EQ <paid_orders>');
    expect(words("'x' in tags")).toBe('-:x IN <tags>');
    expect(words('not photo_present')).toBe('no photo');
    expect(words('not level')).toBe('NOT <level>');
    expect(words('not (paid_orders > 1 or photo_present)')).toBe('NOT {<paid_orders> GT paid_orders:1 OR <photo_present>}');
    expect(words('not (paid_orders > 1)')).toBe('NOT <paid_orders> GT paid_orders:1');
    expect(words('paid_orders > 1 and (level == "A" or photo_present)')).toBe('<paid_orders> GT paid_orders:1 AND {<level> EQ level:A OR <photo_present>}');
    expect(words('paid_orders > 1 and level == "A" and photo_present')).toBe('<paid_orders> GT paid_orders:1 AND <level> EQ level:A AND <photo_present>');
    expect(words('(paid_orders > 1 or photo_present) or level == "A"')).toBe('<paid_orders> GT paid_orders:1 OR <photo_present> OR <level> EQ level:A');
    expect(describeRule(parseRule('true', FACTS), { ...w, always: undefined })).toBe('YES');
    // Only a whole rule that is just `true` reads as "always"; a `true` inside one reads as yes.
    expect(words('photo_present in [true, false]')).toBe('<photo_present> IN YES|NO');
    expect(words('not true')).toBe('NOT YES');
    expect(words('true == photo_present')).toBe('YES EQ <photo_present>');
    expect(words('photo_present == true')).toBe('<photo_present> EQ YES');
    expect(words('true in tags')).toBe('YES IN <tags>');
    expect(words('photo_present in true')).toBe('<photo_present> IN YES');
    expect(explainRule(parseRule('true and paid_orders > 1', FACTS), { paid_orders: 2 }, w).parts.map((p) => p.text)).toEqual(['YES', '<paid_orders> GT paid_orders:1']);
    expect(describeRule(parseRule('not photo_present', FACTS), { ...w, notFact: undefined })).toBe('NOT <photo_present>');
  });

  it('explains a rule part by part: which holds, joined by and or or, and the facts it read', () => {
    const rule = parseRule('paid_orders >= 3 and level == "A" and (photo_present or tags)', FACTS);
    expect(explainRule(rule, { paid_orders: 3, level: 'B', photo_present: true }, w)).toEqual({
      holds: false, joiner: 'and',
      parts: [{ text: '<paid_orders> GE paid_orders:3', holds: true }, { text: '<level> EQ level:A', holds: false }, { text: '<photo_present> OR <tags>', holds: true }],
      used: ['level', 'paid_orders', 'photo_present', 'tags'],
    });
    expect(explainRule(parseRule('paid_orders > 9 or level == "A"', FACTS), { paid_orders: 1, level: 'A' }, w)).toMatchObject({ holds: true, joiner: 'or', parts: [{ holds: false }, { holds: true }] });
    expect(explainRule(parseRule('paid_orders > 9', FACTS), { paid_orders: 10 }, w)).toEqual({ holds: true, joiner: null, parts: [{ text: '<paid_orders> GT paid_orders:9', holds: true }], used: ['paid_orders'] });
  });

  it('specializes each kind of node: known facts fold, unknown stay, lists of constants fold', () => {
    const fold = (src: string, known: Record<string, unknown>) => specialize(parseRule(src, FACTS), known as never);
    expect(fold('paid_orders > 1 or level == "A"', { level: 'A' })).toEqual({ kind: 'literal', value: true });
    expect(fold('paid_orders > 1 or level == "A"', { level: 'B' })).toMatchObject({ kind: 'compare', op: '>' });
    expect(fold('paid_orders > 1 and level == "A"', { level: 'A' })).toMatchObject({ kind: 'compare', op: '>' });
    expect(fold('level == "A" and paid_orders > 1', { level: 'A' })).toMatchObject({ kind: 'compare', op: '>' });
    expect(fold('paid_orders > 1 and photo_present', {})).toMatchObject({ kind: 'logic', op: 'and' });
    expect(fold('not photo_present', {})).toEqual({ kind: 'not', operand: { kind: 'fact', name: 'photo_present', pos: 4 } });
    expect(fold('not photo_present', { photo_present: true })).toEqual({ kind: 'literal', value: false });
    expect(fold("category in ['a', 'b']", { category: 'b' })).toEqual({ kind: 'literal', value: true });
    expect(fold("category in [level]", { category: 'b' })).toMatchObject({ kind: 'in', left: { kind: 'literal', value: 'b' } });
    expect(fold("category in [level, 'b']", { category: 'b' })).toMatchObject({ kind: 'in', right: { kind: 'list' } });
    expect(fold("'a' in tags", { tags: ['a'] })).toEqual({ kind: 'literal', value: true });
    expect(fold("'a' in tags", { tags: ['b'] })).toEqual({ kind: 'literal', value: false });
    expect(fold('paid_orders >= 3', { paid_orders: 3 })).toEqual({ kind: 'literal', value: true });
    expect(fold('paid_orders > 3', { paid_orders: 3 })).toEqual({ kind: 'literal', value: false });
    expect(conjuncts(parseRule('paid_orders > 1 or level == "A"', FACTS))).toHaveLength(1);
    expect(conjuncts(parseRule('paid_orders > 1 and level == "A" and photo_present', FACTS))).toHaveLength(3);
  });
});
