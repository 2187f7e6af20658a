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

/** The server's reading of a rule against a leader's facts (GET /api/console/leaders/:id/facts?honourId=). */
export interface RuleCheck {
  /** Whether the whole rule holds for these facts. */
  holds: boolean;
  /** 'and' when every part must hold, 'or' when one is enough, null for a single condition. */
  joiner: 'and' | 'or' | null;
  /** The rule's top-level parts in words, each with whether it holds. */
  parts: { text: string; holds: boolean }[];
  /** The facts the rule reads. */
  used: string[];
}

/** The fact names a rule mentions (for highlighting), even when it does not parse. */
export function factsMentioned(rule: string | null, factNames: string[]): Set<string> {
  if (!rule) return new Set();
  const words = new Set(rule.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return new Set(factNames.filter((n) => words.has(n)));
}
