/**
 * A small, safe expression language for rules written by operators (tags, guarantees):
 *
 *   paid_orders >= 3 且 avg_order_yuan > 80
 *   category in ['fresh_produce'] and hours_since_pickup <= 24 and not photo_present
 *
 * Facts are named; a rule that does not parse or names an unknown fact is refused with the
 * position of the error. Evaluation never runs code and never throws on well-typed input.
 */
export type Value = number | string | boolean;
export type Facts = Record<string, Value | Value[]>;

export type RuleNode = Node;
type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'list'; items: Node[] }
  | { kind: 'fact'; name: string; pos: number }
  | { kind: 'not'; operand: Node }
  | { kind: 'logic'; op: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; op: '>=' | '<=' | '>' | '<' | '==' | '!='; left: Node; right: Node }
  | { kind: 'in'; left: Node; right: Node };

export class RuleSyntaxError extends Error {
  constructor(readonly code: 'rule.syntax' | 'rule.unknown_fact', readonly position: number, readonly detail: string) {
    super(`${code} at ${position}: ${detail}`);
  }
}

type Token = { type: 'num' | 'str' | 'ident' | 'op' | 'punct' | 'end'; text: string; pos: number };

const WORD_OPS: Record<string, string> = { and: 'and', or: 'or', not: 'not', in: 'in', 且: 'and', 并且: 'and', 或: 'or', 或者: 'or', 非: 'not', 属于: 'in' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[0-9.]/.test(src[i])) i++;
      if (Number.isNaN(Number(src.slice(start, i)))) throw new RuleSyntaxError('rule.syntax', start, `bad number ${src.slice(start, i)}`);
      out.push({ type: 'num', text: src.slice(start, i), pos: start });
      continue;
    }
    if (c === "'" || c === '"' || c === '‘' || c === '“') {
      const close = c === '‘' ? '’' : c === '“' ? '”' : c;
      i++;
      while (i < src.length && src[i] !== close) i++;
      if (i >= src.length) throw new RuleSyntaxError('rule.syntax', start, 'unterminated string');
      out.push({ type: 'str', text: src.slice(start + 1, i), pos: start });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['>=', '<=', '==', '!=', '&&', '||'].includes(two)) {
      out.push({ type: 'op', text: two === '&&' ? 'and' : two === '||' ? 'or' : two, pos: start });
      i += 2;
      continue;
    }
    if ('><'.includes(c)) { out.push({ type: 'op', text: c, pos: start }); i++; continue; }
    if (c === '!') { out.push({ type: 'op', text: 'not', pos: start }); i++; continue; }
    if ('()[],'.includes(c)) { out.push({ type: 'punct', text: c, pos: start }); i++; continue; }
    if (/[A-Za-z_\u4e00-\u9fff]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_.\u4e00-\u9fff]/.test(src[i])) i++;
      const word = src.slice(start, i);
      // Chinese connectives may be written without spaces: split a known word off the front.
      const op = WORD_OPS[word.toLowerCase()];
      out.push(op ? { type: 'op', text: op, pos: start } : { type: 'ident', text: word, pos: start });
      continue;
    }
    throw new RuleSyntaxError('rule.syntax', start, `unexpected character ${c}`);
  }
  out.push({ type: 'end', text: '', pos: src.length });
  return out;
}

/** Parses an expression; `knownFacts` lists the names a rule may use. */
export function parseRule(src: string, knownFacts: readonly string[]): Node {
  if (src.length > 2000) throw new RuleSyntaxError('rule.syntax', 2000, 'too long');
  const tokens = tokenize(src);
  let k = 0;
  const peek = () => tokens[k];
  const take = () => tokens[k++];
  const expect = (text: string) => {
    const t = take();
    if (t.text !== text) throw new RuleSyntaxError('rule.syntax', t.pos, `expected ${text}`);
  };
  const known = new Set(knownFacts);

  const primary = (): Node => {
    const t = take();
    if (t.type === 'num') return { kind: 'literal', value: Number(t.text) };
    if (t.type === 'str') return { kind: 'literal', value: t.text };
    if (t.type === 'ident') {
      if (t.text === 'true' || t.text === '是') return { kind: 'literal', value: true };
      if (t.text === 'false' || t.text === '否') return { kind: 'literal', value: false };
      if (!known.has(t.text)) throw new RuleSyntaxError('rule.unknown_fact', t.pos, t.text);
      return { kind: 'fact', name: t.text, pos: t.pos };
    }
    if (t.text === '(') { const e = or(); expect(')'); return e; }
    if (t.text === '[') {
      const items: Node[] = [];
      if (peek().text !== ']') {
        do items.push(primary()); while (peek().text === ',' && take());
      }
      expect(']');
      return { kind: 'list', items };
    }
    throw new RuleSyntaxError('rule.syntax', t.pos, t.type === 'end' ? 'unexpected end' : `unexpected ${t.text}`);
  };
  const comparison = (): Node => {
    const left = primary();
    const t = peek();
    if (t.type === 'op' && ['>=', '<=', '>', '<', '==', '!='].includes(t.text)) {
      take();
      return { kind: 'compare', op: t.text as '>=', left, right: primary() };
    }
    if (t.type === 'op' && t.text === 'in') {
      take();
      return { kind: 'in', left, right: primary() };
    }
    return left;
  };
  const not = (): Node => {
    if (peek().type === 'op' && peek().text === 'not') { take(); return { kind: 'not', operand: not() }; }
    return comparison();
  };
  const and = (): Node => {
    let left = not();
    while (peek().type === 'op' && peek().text === 'and') { take(); left = { kind: 'logic', op: 'and', left, right: not() }; }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (peek().type === 'op' && peek().text === 'or') { take(); left = { kind: 'logic', op: 'or', left, right: and() }; }
    return left;
  };
  const tree = or();
  if (peek().type !== 'end') throw new RuleSyntaxError('rule.syntax', peek().pos, `unexpected ${peek().text}`);
  return tree;
}

function value(node: Node, facts: Facts): Value | Value[] {
  switch (node.kind) {
    case 'literal': return node.value;
    case 'list': return node.items.map((i) => value(i, facts) as Value);
    case 'fact': return facts[node.name] ?? false;
    case 'not': return !truthy(value(node.operand, facts));
    case 'logic': return node.op === 'and' ? truthy(value(node.left, facts)) && truthy(value(node.right, facts)) : truthy(value(node.left, facts)) || truthy(value(node.right, facts));
    case 'in': {
      const l = value(node.left, facts);
      const r = value(node.right, facts);
      const list = Array.isArray(r) ? r : [r];
      return Array.isArray(l) ? l.some((x) => list.includes(x)) : list.includes(l);
    }
    case 'compare': {
      const l = value(node.left, facts);
      const r = value(node.right, facts);
      if (node.op === '==') return l === r;
      if (node.op === '!=') return l !== r;
      if (typeof l !== 'number' || typeof r !== 'number') return false;
      return node.op === '>=' ? l >= r : node.op === '<=' ? l <= r : node.op === '>' ? l > r : l < r;
    }
  }
}

const truthy = (v: Value | Value[]) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

/** Evaluates a parsed rule against facts: true when the rule holds. */
export function evaluate(node: Node, facts: Facts): boolean {
  return truthy(value(node, facts));
}

/** The fact names a rule uses (recorded with each decision: which facts it read). */
export function factsUsed(node: Node, out = new Set<string>()): Set<string> {
  if (node.kind === 'fact') out.add(node.name);
  if (node.kind === 'not') factsUsed(node.operand, out);
  if (node.kind === 'logic' || node.kind === 'compare' || node.kind === 'in') { factsUsed(node.left, out); factsUsed(node.right, out); }
  if (node.kind === 'list') node.items.forEach((i) => factsUsed(i, out));
  return out;
}

export interface Wording {
  fact: (name: string) => string;
  value: (fact: string | null, value: Value) => string;
  and: string; or: string; not: string; in: string; yes: string; no: string;
  /** How "not <fact>" reads for a yes/no fact (没有照片 rather than 并非有照片), if there is a word for it. */
  notFact?: (name: string) => string | null;
  /** How a rule that always holds reads. */
  always?: string;
  /** A list of values in the reader's language ("A、B" or "A or B"). */
  list: (items: string[]) => string;
  /** A group of conditions in the reader's brackets (（…） or (…)). */
  group: (text: string) => string;
  ops: Record<'>=' | '<=' | '>' | '<' | '==' | '!=', string>;
}

/**
 * Reads a parsed rule back as plain words ("商品类别 是 生鲜 且 签收后小时数 ≤ 48"), so the text
 * residents read is generated from the very rule that runs, not written beside it.
 */
export function describe(node: Node, w: Wording, context: string | null = null, top = true): string {
  if (top && node.kind === 'literal' && node.value === true && w.always) return w.always;
  const paren = (n: Node, text: string) => (n.kind === 'logic' ? w.group(text) : text);
  switch (node.kind) {
    case 'literal': return typeof node.value === 'boolean' ? (node.value ? w.yes : w.no) : w.value(context, node.value);
    case 'list': return w.list(node.items.map((i) => describe(i, w, context, false)));
    case 'fact': return w.fact(node.name);
    case 'not': {
      const negated = node.operand.kind === 'fact' ? w.notFact?.(node.operand.name) : null;
      return negated ?? `${w.not}${paren(node.operand, describe(node.operand, w, context, false))}`;
    }
    case 'logic': {
      const side = (n: Node) => (n.kind === 'logic' && n.op !== node.op ? w.group(describe(n, w, null, false)) : describe(n, w, null, false));
      return `${side(node.left)} ${node.op === 'and' ? w.and : w.or} ${side(node.right)}`;
    }
    case 'in': {
      const fact = node.left.kind === 'fact' ? node.left.name : null;
      return `${describe(node.left, w, null, false)} ${w.in} ${describe(node.right, w, fact, false)}`;
    }
    case 'compare': {
      const fact = node.left.kind === 'fact' ? node.left.name : null;
      return `${describe(node.left, w, null, false)} ${w.ops[node.op]} ${describe(node.right, w, fact, false)}`;
    }
  }
}

export interface RuleExplanation {
  holds: boolean;
  /** 'and' when every part must hold, 'or' when one is enough, null for a single condition. */
  joiner: 'and' | 'or' | null;
  /** The rule's top-level parts in words, each with whether it holds for these facts. */
  parts: { text: string; holds: boolean }[];
  used: string[];
}

/** Why a rule holds or not for some facts: its top-level parts, each checked ("why (not) him?"). */
export function explainRule(node: Node, facts: Facts, w: Wording): RuleExplanation {
  const joiner = node.kind === 'logic' ? node.op : null;
  const flat: Node[] = [];
  const collect = (n: Node) => { if (n.kind === 'logic' && n.op === joiner) { collect(n.left); collect(n.right); } else flat.push(n); };
  collect(node);
  return {
    holds: evaluate(node, facts), joiner,
    parts: flat.map((n) => ({ text: describe(n, w, null, false), holds: evaluate(n, facts) })),
    used: [...factsUsed(node)].sort(),
  };
}

const isConstant = (n: Node): boolean => n.kind === 'literal' || (n.kind === 'list' && n.items.every(isConstant));
const toNode = (v: Value | Value[]): Node => (Array.isArray(v) ? { kind: 'list', items: v.map((x) => ({ kind: 'literal', value: x })) } : { kind: 'literal', value: v });

/**
 * Partially evaluates a rule with the facts known in advance (a product's category before anyone
 * buys it): known facts become values and every part decided by them folds away. What is left
 * reads as what still has to hold; `{ literal false }` means the rule can never apply.
 */
export function specialize(node: Node, known: Facts): Node {
  switch (node.kind) {
    case 'literal': case 'list': return node;
    case 'fact': return node.name in known ? toNode(known[node.name]) : node;
    case 'not': {
      const operand = specialize(node.operand, known);
      return isConstant(operand) ? { kind: 'literal', value: !evaluate(operand, {}) } : { kind: 'not', operand };
    }
    case 'logic': {
      const left = specialize(node.left, known);
      const right = specialize(node.right, known);
      // and: a false side decides, a true side drops out; or: the other way round.
      const decisive = node.op === 'or';
      for (const [side, other] of [[left, right], [right, left]] as const) {
        if (isConstant(side)) return evaluate(side, {}) === decisive ? { kind: 'literal', value: decisive } : other;
      }
      return { kind: 'logic', op: node.op, left, right };
    }
    case 'compare': case 'in': {
      const folded = { ...node, left: specialize(node.left, known), right: specialize(node.right, known) };
      return isConstant(folded.left) && isConstant(folded.right) ? { kind: 'literal', value: evaluate(folded, {}) } : folded;
    }
  }
}

/** A rule's top-level parts joined by `and`, each still a rule (for listing conditions one per line). */
export function conjuncts(node: Node): Node[] {
  return node.kind === 'logic' && node.op === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}
