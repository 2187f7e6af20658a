/** Types, limits and helpers for the console's 培训课程 and 荣誉 pages (server: src/modules/training). */

export type CourseStatus = 'draft' | 'published';

/** GET /api/console/courses — a course with its counts. */
export interface CourseSummary {
  id: string; title: string; description: string; status: CourseStatus; passScore: number;
  createdAt: string; updatedAt: string; publishedAt: string | null;
  lessonCount: number; questionCount: number; enrolled: number; completed: number;
}
export interface CourseLesson { id: string; position: number; title: string; body: string; videoUrl: string | null }
export interface CourseQuestion { id: string; position: number; prompt: string; options: string[]; correctIndex: number }
/** GET /api/console/courses/:id — everything, answers included. */
export interface CourseDetail extends CourseSummary { lessons: CourseLesson[]; questions: CourseQuestion[] }

/** The body of POST /api/console/courses and PUT /api/console/courses/:id (the whole draft). */
export interface CourseDraft {
  title: string; description: string; passScore: number;
  lessons: { title: string; body: string; videoUrl: string | null }[];
  questions: { prompt: string; options: string[]; correctIndex: number }[];
}

/** The server's limits (COURSE_LIMITS in training.service.ts), checked here first so errors land under the field. */
export const COURSE_LIMITS = {
  title: 80, description: 2000, lessons: 50, lessonTitle: 80, lessonBody: 20_000, videoUrl: 500,
  questions: 30, prompt: 300, option: 100, minOptions: 2, maxOptions: 6,
} as const;

export const coursesKey = ['console', 'courses'] as const;
export const courseKey = (id: string | null) => ['console', 'courses', id] as const;

/** GET /api/console/honours */
export interface Honour {
  id: string; name: string; description: string; rule: string | null; ruleText: string | null;
  active: boolean; createdAt: string; updatedAt: string; activeGrants: number;
}
export interface HonourFact { name: string; label: string; description: string }
export interface HonoursResponse { items: Honour[]; facts: HonourFact[] }

/** GET /api/console/honours/:id/grants — standing grants first. `reason` is already in words for rule grants. */
export interface HonourGrant {
  id: string; honourId?: string; leaderId: string; leaderName: string; communityId: string | null; communityName: string | null;
  reason: string; byRule: boolean; facts: Record<string, number | string | boolean> | null; grantedBy: string | null;
  grantedAt: string; revokedAt: string | null; revokeReason: string | null;
}

export type LeaderFacts = Record<string, number | string | boolean>;

/** HONOUR_LIMITS in honours.service.ts. */
export const HONOUR_LIMITS = { name: 20, description: 200, reason: 200, minReason: 2, rule: 2000 } as const;

/** Every honours query starts with this; the list and grants carry the language their server texts (rules in words) are in. */
export const honoursKey = ['console', 'honours'] as const;
export const honoursListKey = (lang: string) => ['console', 'honours', 'list', lang] as const;
export const grantsKey = (honourId: string | null, lang?: string) => (lang ? ['console', 'honours', 'grants', honourId, lang] as const : ['console', 'honours', 'grants', honourId] as const);
export const leaderFactsKey = (leaderId: string | null) => ['console', 'leader-facts', leaderId] as const;

/** Only http(s) links: a lesson's video must never be a javascript: or data: URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** 2026/11/25 (Asia/Shanghai), for narrow table cells. */
export function formatDate(s: string, locale: string) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(s.includes('T') ? s : s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
}

// ------------------------------------------------------------------ honour rules, read in the browser

/**
 * A reading of an honour rule against one leader's facts, to show an operator why a leader does
 * or does not qualify. It follows src/modules/rules/expression.ts (same tokens, precedence and
 * comparisons); the server stays the judge: it alone grants, and refuses rules it cannot parse.
 */
type Value = number | string | boolean;
type Node =
  | { kind: 'literal'; value: Value; start: number; end: number }
  | { kind: 'list'; items: Node[]; start: number; end: number }
  | { kind: 'fact'; name: string; start: number; end: number }
  | { kind: 'not'; operand: Node; start: number; end: number }
  | { kind: 'logic'; op: 'and' | 'or'; left: Node; right: Node; start: number; end: number }
  | { kind: 'compare'; op: string; left: Node; right: Node; start: number; end: number }
  | { kind: 'in'; left: Node; right: Node; start: number; end: number };
type Token = { type: 'num' | 'str' | 'ident' | 'op' | 'punct' | 'end'; text: string; start: number; end: number };

const WORD_OPS: Record<string, string> = { and: 'and', or: 'or', not: 'not', in: 'in', 且: 'and', 并且: 'and', 或: 'or', 或者: 'or', 非: 'not', 属于: 'in' };

function tokenize(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[0-9.]/.test(src[i])) i++;
      if (Number.isNaN(Number(src.slice(start, i)))) return null;
      out.push({ type: 'num', text: src.slice(start, i), start, end: i });
      continue;
    }
    if (c === "'" || c === '"' || c === '‘' || c === '“') {
      const close = c === '‘' ? '’' : c === '“' ? '”' : c;
      i++;
      while (i < src.length && src[i] !== close) i++;
      if (i >= src.length) return null;
      out.push({ type: 'str', text: src.slice(start + 1, i), start, end: i + 1 });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['>=', '<=', '==', '!=', '&&', '||'].includes(two)) {
      out.push({ type: 'op', text: two === '&&' ? 'and' : two === '||' ? 'or' : two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if ('><'.includes(c)) { out.push({ type: 'op', text: c, start, end: i + 1 }); i++; continue; }
    if (c === '!') { out.push({ type: 'op', text: 'not', start, end: i + 1 }); i++; continue; }
    if ('()[],'.includes(c)) { out.push({ type: 'punct', text: c, start, end: i + 1 }); i++; continue; }
    if (/[A-Za-z_\u4e00-\u9fff]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_.\u4e00-\u9fff]/.test(src[i])) i++;
      const word = src.slice(start, i);
      const op = WORD_OPS[word.toLowerCase()];
      out.push(op ? { type: 'op', text: op, start, end: i } : { type: 'ident', text: word, start, end: i });
      continue;
    }
    return null;
  }
  out.push({ type: 'end', text: '', start: src.length, end: src.length });
  return out;
}

function parse(src: string, known: ReadonlySet<string>): Node | null {
  const tokens = tokenize(src);
  if (!tokens) return null;
  let k = 0;
  class Fail extends Error {}
  const peek = () => tokens[k];
  const take = () => tokens[k++];
  const expect = (text: string) => { const t = take(); if (t.text !== text) throw new Fail(); return t; };
  const primary = (): Node => {
    const t = take();
    if (t.type === 'num') return { kind: 'literal', value: Number(t.text), start: t.start, end: t.end };
    if (t.type === 'str') return { kind: 'literal', value: t.text, start: t.start, end: t.end };
    if (t.type === 'ident') {
      if (t.text === 'true' || t.text === '是') return { kind: 'literal', value: true, start: t.start, end: t.end };
      if (t.text === 'false' || t.text === '否') return { kind: 'literal', value: false, start: t.start, end: t.end };
      if (!known.has(t.text)) throw new Fail();
      return { kind: 'fact', name: t.text, start: t.start, end: t.end };
    }
    if (t.text === '(') { const e = or(); const close = expect(')'); return { ...e, start: t.start, end: close.end }; }
    if (t.text === '[') {
      const items: Node[] = [];
      if (peek().text !== ']') {
        do items.push(primary()); while (peek().text === ',' && take());
      }
      const close = expect(']');
      return { kind: 'list', items, start: t.start, end: close.end };
    }
    throw new Fail();
  };
  const comparison = (): Node => {
    const left = primary();
    const t = peek();
    if (t.type === 'op' && ['>=', '<=', '>', '<', '==', '!='].includes(t.text)) {
      take();
      const right = primary();
      return { kind: 'compare', op: t.text, left, right, start: left.start, end: right.end };
    }
    if (t.type === 'op' && t.text === 'in') {
      take();
      const right = primary();
      return { kind: 'in', left, right, start: left.start, end: right.end };
    }
    return left;
  };
  const not = (): Node => {
    const t = peek();
    if (t.type === 'op' && t.text === 'not') { take(); const operand = not(); return { kind: 'not', operand, start: t.start, end: operand.end }; }
    return comparison();
  };
  const and = (): Node => {
    let left = not();
    while (peek().type === 'op' && peek().text === 'and') { take(); const right = not(); left = { kind: 'logic', op: 'and', left, right, start: left.start, end: right.end }; }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (peek().type === 'op' && peek().text === 'or') { take(); const right = and(); left = { kind: 'logic', op: 'or', left, right, start: left.start, end: right.end }; }
    return left;
  };
  try {
    const tree = or();
    return peek().type === 'end' ? tree : null;
  } catch (err) {
    if (err instanceof Fail) return null;
    throw err;
  }
}

const truthy = (v: Value | Value[]) => (Array.isArray(v) ? v.length > 0 : Boolean(v));

function value(node: Node, facts: LeaderFacts): Value | Value[] {
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

function factsOf(node: Node, out: Set<string>) {
  if (node.kind === 'fact') out.add(node.name);
  if (node.kind === 'not') factsOf(node.operand, out);
  if (node.kind === 'logic' || node.kind === 'compare' || node.kind === 'in') { factsOf(node.left, out); factsOf(node.right, out); }
  if (node.kind === 'list') node.items.forEach((i) => factsOf(i, out));
  return out;
}

export interface RuleCheck {
  /** Whether the whole rule holds for these facts. */
  holds: boolean;
  /** 'and' when every part must hold, 'or' when one is enough, null for a single condition. */
  joiner: 'and' | 'or' | null;
  /** The rule's top-level parts, each as written and whether it holds. */
  parts: { text: string; holds: boolean }[];
  /** The facts the rule reads. */
  used: Set<string>;
}

/** Reads a rule against a leader's facts; null when it does not parse here (the server's word then stands alone). */
export function checkRule(rule: string, facts: LeaderFacts, factNames: string[]): RuleCheck | null {
  const tree = parse(rule, new Set(factNames));
  if (!tree) return null;
  const joiner = tree.kind === 'logic' ? tree.op : null;
  const flat: Node[] = [];
  const collect = (n: Node) => { if (n.kind === 'logic' && n.op === joiner) { collect(n.left); collect(n.right); } else flat.push(n); };
  collect(tree);
  return {
    holds: truthy(value(tree, facts)),
    joiner,
    parts: flat.map((n) => ({ text: rule.slice(n.start, n.end), holds: truthy(value(n, facts)) })),
    used: factsOf(tree, new Set()),
  };
}

/** The fact names a rule mentions (for highlighting), even when it does not parse. */
export function factsMentioned(rule: string | null, factNames: string[]): Set<string> {
  if (!rule) return new Set();
  const words = new Set(rule.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return new Set(factNames.filter((n) => words.has(n)));
}
