import type { CourseDetail, CourseDraft } from '../training';

/** The course editor's form: its values, and the conversions to and from what the server stores. */

export interface LessonValues { title?: string; body?: string; videoUrl?: string | null }
export interface QuestionValues { prompt?: string; options?: string[]; correctIndex?: number | null }
export interface CourseValues {
  title?: string; description?: string; passScore?: number | null;
  lessons?: LessonValues[]; questions?: QuestionValues[];
}

export const EMPTY_LESSON: LessonValues = { title: '', body: '', videoUrl: '' };
export const EMPTY_QUESTION: QuestionValues = { prompt: '', options: ['', ''], correctIndex: null };
export const EMPTY_COURSE: CourseValues = { title: '', description: '', passScore: 80, lessons: [], questions: [] };

/** What the server stores, from what the form holds (trimmed; an empty video link is none). */
export function toDraft(v: CourseValues): CourseDraft {
  return {
    title: (v.title ?? '').trim(),
    description: (v.description ?? '').trim(),
    passScore: v.passScore ?? 80,
    lessons: (v.lessons ?? []).map((l) => ({ title: (l?.title ?? '').trim(), body: (l?.body ?? '').trim(), videoUrl: (l?.videoUrl ?? '').trim() || null })),
    questions: (v.questions ?? []).map((q) => ({
      prompt: (q?.prompt ?? '').trim(), options: (q?.options ?? []).map((o) => (o ?? '').trim()), correctIndex: q?.correctIndex ?? -1,
    })),
  };
}

export function toValues(c: Pick<CourseDetail, 'title' | 'description' | 'passScore' | 'lessons' | 'questions'> | CourseDraft): CourseValues {
  return {
    title: c.title, description: c.description, passScore: c.passScore,
    lessons: c.lessons.map((l) => ({ title: l.title, body: l.body, videoUrl: l.videoUrl ?? '' })),
    questions: c.questions.map((q) => ({ prompt: q.prompt, options: [...q.options], correctIndex: q.correctIndex })),
  };
}

/** Where a server refusal belongs: positions are 1-based item numbers. */
export function fieldOf(code: string, position: number | null): { path: (string | number)[]; card?: string } | null {
  const i = position === null ? null : position - 1;
  switch (code) {
    case 'course.title_invalid': return { path: ['title'] };
    case 'course.description_too_long': return { path: ['description'] };
    case 'course.pass_score_invalid': return { path: ['passScore'] };
    case 'course.lesson_title_invalid': return i === null ? null : { path: ['lessons', i, 'title'], card: `lesson-${i}` };
    case 'course.lesson_body_invalid': return i === null ? null : { path: ['lessons', i, 'body'], card: `lesson-${i}` };
    case 'course.video_url_invalid': return i === null ? null : { path: ['lessons', i, 'videoUrl'], card: `lesson-${i}` };
    case 'course.question_prompt_invalid': return i === null ? null : { path: ['questions', i, 'prompt'], card: `question-${i}` };
    case 'course.question_options_invalid': return i === null ? null : { path: ['questions', i, 'options'], card: `question-${i}` };
    case 'course.question_answer_invalid': return i === null ? null : { path: ['questions', i, 'correctIndex'], card: `question-${i}` };
    default: return null;
  }
}

export type Editing = { id: string | null; copy?: CourseValues };
