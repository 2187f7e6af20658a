import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Drawer, Empty, Form, Input, InputNumber, Modal, Radio, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography,
} from 'antd';
import type { FormListFieldData } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApiError, api } from '../shared/api';
import { formatDateTime } from './trustData';
import {
  formatDate, isHttpUrl,
  type CourseDetail, type CourseDraft, type CourseSummary,
} from './training';
import { trainingKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

interface LessonValues { title?: string; body?: string; videoUrl?: string | null }
interface QuestionValues { prompt?: string; options?: string[]; correctIndex?: number | null }
interface CourseValues {
  title?: string; description?: string; passScore?: number | null;
  lessons?: LessonValues[]; questions?: QuestionValues[];
}

const EMPTY_LESSON: LessonValues = { title: '', body: '', videoUrl: '' };
const EMPTY_QUESTION: QuestionValues = { prompt: '', options: ['', ''], correctIndex: null };
const EMPTY_COURSE: CourseValues = { title: '', description: '', passScore: 80, lessons: [], questions: [] };

/** What the server stores, from what the form holds (trimmed; an empty video link is none). */
function toDraft(v: CourseValues): CourseDraft {
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

function toValues(c: Pick<CourseDetail, 'title' | 'description' | 'passScore' | 'lessons' | 'questions'> | CourseDraft): CourseValues {
  return {
    title: c.title, description: c.description, passScore: c.passScore,
    lessons: c.lessons.map((l) => ({ title: l.title, body: l.body, videoUrl: l.videoUrl ?? '' })),
    questions: c.questions.map((q) => ({ prompt: q.prompt, options: [...q.options], correctIndex: q.correctIndex })),
  };
}

/** Where a server refusal belongs: positions are 1-based item numbers. */
function fieldOf(code: string, position: number | null): { path: (string | number)[]; card?: string } | null {
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

type Editing = { id: string | null; copy?: CourseValues };

/** 培训课程: courses for leaders, written as drafts, previewed as a leader sees them, then published (and frozen). */
export function CoursesPage() {
  const { t, i18n } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [preview, setPreview] = useState<CourseDraft | null>(null);
  const courses = useQuery({ queryKey: trainingKeys.consoleCourses(), queryFn: () => api<{ items: CourseSummary[] }>('/api/console/courses') });

  const openPreview = async (c: CourseSummary) => {
    try {
      const d = await queryClient.fetchQuery({ queryKey: trainingKeys.consoleCourse(c.id), queryFn: () => api<CourseDetail>(`/api/console/courses/${c.id}`) });
      setPreview(toDraft(toValues(d)));
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  const columns: ColumnsType<CourseSummary> = [
    {
      title: t('courses.col.course'), dataIndex: 'title',
      render: (v: string, r) => (
        <div>
          <Button type="link" className="link-tight course-title-link" onClick={() => setEditing({ id: r.id })} data-testid="course-open">{v}</Button>
          {r.description && <Tooltip title={r.description} placement="topLeft"><div className="cell-sub cell-clamp">{r.description}</div></Tooltip>}
        </div>
      ),
    },
    {
      title: t('courses.col.status'), dataIndex: 'status', width: 88,
      render: (s: CourseSummary['status']) => <Tag color={s === 'published' ? 'green' : 'orange'} data-testid="course-status">{t(`courses.status.${s}`)}</Tag>,
    },
    {
      title: t('courses.col.content'), key: 'content', width: 124,
      render: (_, r) => (
        <div>
          <span className="nowrap">{t('courses.contentN', { lessons: r.lessonCount, questions: r.questionCount })}</span>
          <div className="cell-sub nowrap">{t('courses.passAt', { n: r.passScore })}</div>
        </div>
      ),
    },
    {
      title: <Tooltip title={t('courses.col.learnersHint')}><span className="kpi-title">{t('courses.col.learners')}</span></Tooltip>,
      key: 'learners', width: 112, align: 'right',
      render: (_, r) => (
        <div>
          <span className="money">{r.enrolled} / {r.completed}</span>
          {r.enrolled > 0 && <div className="cell-sub nowrap">{t('courses.completionRate', { rate: `${Math.round((r.completed * 100) / r.enrolled)}%` })}</div>}
        </div>
      ),
    },
    {
      title: t('courses.col.publishedAt'), key: 'publishedAt', width: 124,
      render: (_, r) => (r.publishedAt
        ? <Tooltip title={formatDateTime(r.publishedAt, i18n.language)}><span className="cell-time">{formatDate(r.publishedAt, i18n.language)}</span></Tooltip>
        : <span className="cell-sub cell-time">{t('courses.updatedOn', { date: formatDate(r.updatedAt, i18n.language) })}</span>),
    },
    {
      title: t('actions'), key: 'actions', width: 88, fixed: 'right',
      render: (_, r) => (
        <Space orientation="vertical" size={0} align="start">
          <Button type="link" size="small" className="link-tight" onClick={() => setEditing({ id: r.id })} data-testid="course-edit">
            {r.status === 'draft' ? t('edit') : t('courses.view')}
          </Button>
          <Button type="link" size="small" className="link-tight" onClick={() => openPreview(r)} data-testid="course-preview-row">{t('courses.preview')}</Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div style={{ maxWidth: 820 }}>
          <h2>{t('courses.title')}</h2>
          <div className="cell-sub">{t('courses.subtitle')}</div>
        </div>
        <Button type="primary" onClick={() => setEditing({ id: null })} data-testid="course-create">{t('courses.create')}</Button>
      </div>
      {courses.isError ? (
        <Alert type="error" showIcon title={courses.error.message} action={<Button onClick={() => courses.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <Table<CourseSummary>
          className="aftersales-table" rowKey="id" loading={courses.isPending} dataSource={courses.data?.items} columns={columns}
          scroll={{ x: 720 }} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="courses-table"
          locale={{ emptyText: <Empty description={t('courses.empty')} /> }}
        />
      )}
      <CourseEditor
        key={editing ? `${editing.id ?? 'new'}-${editing.copy ? 'copy' : ''}` : 'closed'}
        editing={editing} onClose={() => setEditing(null)} onCopy={(copy) => setEditing({ id: null, copy })}
      />
      <CoursePreview draft={preview} onClose={() => setPreview(null)} />
    </div>
  );
}

function CourseEditor({ editing, onClose, onCopy }: { editing: Editing | null; onClose: () => void; onCopy: (v: CourseValues) => void }) {
  const { t, i18n } = useTranslation('console');
  const courseLimits = useLimits().courses;
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CourseValues>();
  const [courseId, setCourseId] = useState<string | null>(editing?.id ?? null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<CourseDraft | null>(null);
  const loaded = useRef<string | null>(null);
  const top = useRef<HTMLDivElement | null>(null);
  const open = editing !== null;

  const detail = useQuery({
    queryKey: trainingKeys.consoleCourse(courseId), enabled: open && !!courseId,
    queryFn: () => api<CourseDetail>(`/api/console/courses/${courseId}`),
  });
  const course = courseId ? detail.data : undefined;
  const readOnly = course?.status === 'published';

  useEffect(() => {
    if (!open) return;
    if (!courseId && loaded.current !== 'new') {
      loaded.current = 'new';
      form.setFieldsValue(editing?.copy ?? EMPTY_COURSE);
      setDirty(!!editing?.copy);
    } else if (courseId && detail.data && loaded.current !== courseId) {
      loaded.current = courseId;
      // A published course is shown as it reads, not in a disabled form.
      if (detail.data.status === 'draft') form.setFieldsValue(toValues(detail.data));
      setDirty(false);
    }
  }, [open, courseId, detail.data, editing, form]);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trainingKeys.consoleCourses() });

  const send = (d: CourseDraft) => (courseId
    ? api<CourseDetail>(`/api/console/courses/${courseId}`, { method: 'PUT', body: d })
    : api<CourseDetail>('/api/console/courses', { body: d }));

  const saved = (c: CourseDetail) => {
    queryClient.setQueryData(trainingKeys.consoleCourse(c.id), c);
    loaded.current = c.id;
    setCourseId(c.id);
    form.setFieldsValue(toValues(c));
    setDirty(false);
  };

  /** An error that belongs to no field: shown above the form, scrolled into view. */
  const general = (msg: string) => {
    setError(msg);
    requestAnimationFrame(() => top.current?.closest('.ant-drawer-body')?.scrollTo({ top: 0, behavior: 'smooth' }));
  };

  /** Server refusals go under the field they are about (lesson and question numbers are 1-based). */
  const showError = (err: Error) => {
    const code = err instanceof ApiError ? err.code : '';
    const position = err instanceof ApiError && typeof err.details.position === 'number' ? err.details.position : null;
    const field = fieldOf(code, position);
    if (field) {
      form.setFields([{ name: field.path as never, errors: [err.message] }]);
      const el = field.card ? document.querySelector(`[data-card="${field.card}"]`) : null;
      if (el) el.scrollIntoView({ behavior: 'smooth', block: 'center' });
      else form.scrollToField(field.path, { behavior: 'smooth', block: 'center' });
    } else {
      general(err.message);
    }
  };

  const save = useMutation({
    mutationFn: send,
    onSuccess: async (c) => {
      saved(c);
      await invalidate();
      message.success(t('courses.editor.savedDraft', { title: c.title }));
    },
    onError: showError,
  });

  const publish = useMutation({
    mutationFn: async (d: CourseDraft) => {
      let id = courseId;
      if (!id || dirty) {
        const c = await send(d);
        saved(c);
        id = c.id;
      }
      return api<CourseDetail>(`/api/console/courses/${id}/publish`, { method: 'POST' });
    },
    onSuccess: async (c) => {
      queryClient.setQueryData(trainingKeys.consoleCourse(c.id), c);
      await invalidate();
      message.success(t('courses.editor.published', { title: c.title }));
      requestAnimationFrame(() => top.current?.closest('.ant-drawer-body')?.scrollTo({ top: 0 }));
    },
    onError: async (err) => {
      showError(err);
      await invalidate();
    },
  });

  /** The whole form, checked as the server will check it; null (and the fields marked) when something is missing. */
  const validated = async () => {
    setError(null);
    const ok = await form.validateFields({ recursive: true }).then(() => true).catch((e: { errorFields?: { name: (string | number)[] }[] }) => {
      const first = e.errorFields?.[0]?.name;
      if (first) {
        const card = first[0] === 'lessons' || first[0] === 'questions' ? document.querySelector(`[data-card="${first[0] === 'lessons' ? 'lesson' : 'question'}-${first[1]}"]`) : null;
        if (card) card.scrollIntoView({ behavior: 'smooth', block: 'center' });
        else form.scrollToField(first, { behavior: 'smooth', block: 'center' });
      }
      return false;
    });
    return ok ? toDraft(form.getFieldsValue(true) as CourseValues) : null;
  };

  const doSave = async () => {
    const d = await validated();
    if (d) save.mutate(d);
  };

  const doPublish = async () => {
    const d = await validated();
    if (!d) return;
    if (d.lessons.length === 0 || d.questions.length === 0) {
      general(t(d.lessons.length === 0 ? 'courses.editor.needLesson' : 'courses.editor.needQuestion'));
      return;
    }
    modal.confirm({
      title: t('courses.publish.title', { title: d.title }),
      width: 540,
      content: (
        <div data-testid="course-publish-confirm">
          <p>{t('courses.publish.who')}</p>
          <p><Typography.Text strong>{t('courses.publish.frozen')}</Typography.Text></p>
          <p className="cell-sub">{t('courses.publish.summary', { lessons: d.lessons.length, questions: d.questions.length, pass: d.passScore })}</p>
          {(dirty || !courseId) && <p className="text-warning">{t('courses.publish.savesFirst')}</p>}
        </div>
      ),
      okText: t('courses.publish.ok'),
      okButtonProps: { ...({ 'data-testid': 'course-publish-ok' } as object) },
      cancelText: t('cancel', { ns: 'common' }),
      onOk: () => publish.mutateAsync(d).catch(() => undefined),
    });
  };

  const doPreview = () => setPreview(readOnly && course ? toDraft(toValues(course)) : toDraft(form.getFieldsValue(true) as CourseValues));

  const close = () => {
    if (!dirty || readOnly) { onClose(); return; }
    modal.confirm({
      title: t('courses.editor.discardTitle'),
      content: t('courses.editor.discardBody'),
      okText: t('courses.editor.discard'), okButtonProps: { danger: true },
      cancelText: t('courses.editor.keepEditing'),
      onOk: onClose,
    });
  };

  const busy = save.isPending || publish.isPending;
  const title = !courseId ? t('courses.editor.createTitle') : readOnly ? t('courses.editor.viewTitle', { title: course?.title ?? '' }) : t('courses.editor.editTitle', { title: course?.title ?? '' });

  return (
    <Drawer
      title={<Space size={8}>{title}{course && <Tag color={course.status === 'published' ? 'green' : 'orange'}>{t(`courses.status.${course.status}`)}</Tag>}{dirty && !readOnly && <span className="cell-sub">{t('courses.editor.unsaved')}</span>}</Space>}
      open={open} onClose={close} size={Math.min(880, window.innerWidth - 16)} destroyOnHidden data-testid="course-editor" maskClosable={false}
      extra={readOnly ? (
        <Space>
          <Button onClick={onClose}>{t('close')}</Button>
          <Button onClick={doPreview} data-testid="course-preview">{t('courses.preview')}</Button>
          <Button onClick={() => course && onCopy({ ...toValues(course), title: t('courses.editor.copyTitle', { title: course.title }).slice(0, courseLimits.title) })} data-testid="course-copy">{t('courses.editor.copy')}</Button>
        </Space>
      ) : (
        <Space>
          <Button onClick={close}>{t('cancel', { ns: 'common' })}</Button>
          <Button onClick={doPreview} data-testid="course-preview">{t('courses.preview')}</Button>
          <Button onClick={doSave} loading={save.isPending} disabled={busy && !save.isPending} data-testid="course-save">{t('courses.editor.saveDraft')}</Button>
          <Button type="primary" onClick={doPublish} loading={publish.isPending} disabled={busy && !publish.isPending} data-testid="course-publish">{t('courses.editor.publish')}</Button>
        </Space>
      )}
    >
      <div ref={top} />
      {courseId && detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {courseId && detail.isError && <Alert type="error" showIcon title={detail.error.message} action={<Button onClick={() => detail.refetch()}>{t('retry', { ns: 'common' })}</Button>} />}
      {readOnly && course && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="course-locked"
          title={t('courses.editor.lockedTitle', { date: course.publishedAt ? formatDateTime(course.publishedAt, i18n.language) : '' })}
          description={t('courses.editor.lockedBody', { enrolled: course.enrolled, completed: course.completed })} />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" data-testid="course-error" closable onClose={() => setError(null)} />}
      {readOnly && course && <CourseReadOnly course={course} />}
      <Form<CourseValues>
        form={form} layout="vertical" requiredMark={false} className="course-form"
        style={(courseId && !detail.data) || readOnly ? { display: 'none' } : undefined}
        onValuesChange={() => { setDirty(true); setError(null); }}
      >
        <div className="course-section-title">{t('courses.editor.basics')}</div>
        <div className="course-basics">
          <Form.Item name="title" label={t('courses.editor.title')} className="course-basics-title"
            rules={[{ required: true, whitespace: true, message: t('required', { field: t('courses.editor.title') }) }, { max: courseLimits.title, message: t('maxLen', { n: courseLimits.title }) }]}>
            <Input maxLength={courseLimits.title} showCount placeholder={t('courses.editor.titlePlaceholder')} data-testid="course-title" />
          </Form.Item>
          <Form.Item name="passScore" label={t('courses.editor.passScore')} tooltip={t('courses.editor.passScoreHint')}
            rules={[{ required: true, type: 'integer', min: 0, max: 100, message: t('courses.editor.passScoreInvalid') }]}>
            <InputNumber<number> min={0} max={100} precision={0} step={5} suffix={t('courses.pointsUnit')} style={{ width: 130 }} data-testid="course-pass-score" />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t('courses.editor.description')} extra={readOnly ? undefined : t('courses.editor.descriptionHint')}
          rules={[{ max: courseLimits.description, message: t('maxLen', { n: courseLimits.description }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={courseLimits.description} showCount placeholder={t('courses.editor.descriptionPlaceholder')} data-testid="course-description" />
        </Form.Item>

        <Form.List name="lessons">
          {(fields, { add, remove, move }) => (
            <div className="course-section" data-testid="course-lessons">
              <div className="course-section-head">
                <div className="course-section-title">{t('courses.editor.lessons', { n: fields.length })}</div>
                {!readOnly && <span className="cell-sub">{t('courses.editor.lessonsHint')}</span>}
              </div>
              {fields.length === 0 && <div className="course-empty">{t('courses.editor.noLessons')}</div>}
              {fields.map((field, i) => (
                <LessonCard key={field.key} field={field} index={i} count={fields.length} readOnly={readOnly}
                  onMove={(to) => { move(i, to); setDirty(true); }} onRemove={() => { remove(i); setDirty(true); }} />
              ))}
              {!readOnly && (
                <Button type="dashed" block onClick={() => { add({ ...EMPTY_LESSON }); setDirty(true); }} disabled={fields.length >= courseLimits.lessons} data-testid="lesson-add">
                  {t('courses.editor.addLesson')}
                </Button>
              )}
            </div>
          )}
        </Form.List>

        <Form.List name="questions">
          {(fields, { add, remove, move }) => (
            <div className="course-section" data-testid="course-questions">
              <div className="course-section-head">
                <div className="course-section-title">{t('courses.editor.questions', { n: fields.length })}</div>
                {!readOnly && <span className="cell-sub">{t('courses.editor.questionsHint')}</span>}
              </div>
              {fields.length === 0 && <div className="course-empty">{t('courses.editor.noQuestions')}</div>}
              {fields.map((field, i) => (
                <QuestionCard key={field.key} field={field} index={i} count={fields.length} readOnly={readOnly}
                  onMove={(to) => { move(i, to); setDirty(true); }} onRemove={() => { remove(i); setDirty(true); }} onChange={() => setDirty(true)} />
              ))}
              {!readOnly && (
                <Button type="dashed" block onClick={() => { add({ ...EMPTY_QUESTION, options: ['', ''] }); setDirty(true); }} disabled={fields.length >= courseLimits.questions} data-testid="question-add">
                  {t('courses.editor.addQuestion')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
      </Form>
      <CoursePreview draft={preview} onClose={() => setPreview(null)} />
    </Drawer>
  );
}

/** A published course as it reads: lessons in order, questions with the correct choice marked. */
function CourseReadOnly({ course }: { course: CourseDetail }) {
  const { t } = useTranslation('console');
  return (
    <div className="course-ro" data-testid="course-readonly">
      <div className="course-ro-basics">
        <div><span className="cell-sub">{t('courses.editor.passScore')}</span><b>{t('courses.points', { n: course.passScore })}</b></div>
        {course.description && <p className="course-ro-desc">{course.description}</p>}
      </div>
      <div className="course-section-title">{t('courses.editor.lessons', { n: course.lessons.length })}</div>
      {course.lessons.map((l, i) => (
        <div className="course-item course-ro-item" key={l.id} data-testid="lesson-readonly">
          <div className="course-item-head"><span className="course-item-n">{i + 1}</span><span className="course-item-label">{l.title}</span></div>
          {l.videoUrl && <a className="course-ro-video" href={l.videoUrl} target="_blank" rel="noopener noreferrer">▶ {l.videoUrl}</a>}
          <p className="course-ro-body">{l.body}</p>
        </div>
      ))}
      <div className="course-section-title" style={{ marginTop: 20 }}>{t('courses.editor.questions', { n: course.questions.length })}</div>
      {course.questions.map((q, i) => (
        <div className="course-item course-ro-item" key={q.id} data-testid="question-readonly">
          <div className="course-item-head"><span className="course-item-n">{i + 1}</span><span className="course-item-label">{q.prompt}</span></div>
          <ol className="course-ro-options">
            {q.options.map((o, j) => (
              <li key={j} className={j === q.correctIndex ? 'correct' : ''}>
                <span className="course-option-letter">{String.fromCharCode(65 + j)}</span>
                <span>{o}</span>
                {j === q.correctIndex && <Tag color="green" className="course-ro-correct">✓ {t('courses.editor.correct')}</Tag>}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

function ItemHead({ label, index, count, readOnly, onMove, onRemove, kind }: {
  label: string; index: number; count: number; readOnly: boolean; onMove: (to: number) => void; onRemove: () => void; kind: 'lesson' | 'question';
}) {
  const { t } = useTranslation('console');
  return (
    <div className="course-item-head">
      <span className="course-item-n">{index + 1}</span>
      <span className="course-item-label">{label}</span>
      {!readOnly && (
        <Space size={2} className="course-item-tools">
          <Tooltip title={t('courses.editor.moveUp')}>
            <Button type="text" size="small" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('courses.editor.moveUp')} data-testid={`${kind}-up`}>↑</Button>
          </Tooltip>
          <Tooltip title={t('courses.editor.moveDown')}>
            <Button type="text" size="small" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('courses.editor.moveDown')} data-testid={`${kind}-down`}>↓</Button>
          </Tooltip>
          <Button type="text" size="small" danger onClick={onRemove} data-testid={`${kind}-remove`}>{t('courses.editor.remove')}</Button>
        </Space>
      )}
    </div>
  );
}

function LessonCard({ field, index, count, readOnly, onMove, onRemove }: {
  field: FormListFieldData; index: number; count: number; readOnly: boolean; onMove: (to: number) => void; onRemove: () => void;
}) {
  const { t } = useTranslation('console');
  const courseLimits = useLimits().courses;
  return (
    <div className="course-item" data-card={`lesson-${index}`} data-testid="lesson-card">
      <ItemHead kind="lesson" label={t('courses.editor.lessonN', { n: index + 1 })} index={index} count={count} readOnly={readOnly} onMove={onMove} onRemove={onRemove} />
      <Form.Item name={[field.name, 'title']} label={t('courses.editor.lessonTitle')}
        rules={[{ required: true, whitespace: true, message: t('courses.editor.lessonTitleRequired', { n: index + 1 }) }, { max: courseLimits.lessonTitle, message: t('maxLen', { n: courseLimits.lessonTitle }) }]}>
        <Input maxLength={courseLimits.lessonTitle} placeholder={t('courses.editor.lessonTitlePlaceholder')} data-testid="lesson-title" />
      </Form.Item>
      <Form.Item name={[field.name, 'body']} label={t('courses.editor.lessonBody')}
        rules={[{ required: true, whitespace: true, message: t('courses.editor.lessonBodyRequired', { n: index + 1 }) }, { max: courseLimits.lessonBody, message: t('maxLen', { n: courseLimits.lessonBody }) }]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={courseLimits.lessonBody} placeholder={t('courses.editor.lessonBodyPlaceholder')} data-testid="lesson-body" />
      </Form.Item>
      <Form.Item name={[field.name, 'videoUrl']} label={t('courses.editor.videoUrl')} className="course-item-last"
        rules={[{
          validator: (_, v: string | null | undefined) => {
            const s = (v ?? '').trim();
            if (!s) return Promise.resolve();
            return s.length <= courseLimits.videoUrl && isHttpUrl(s) ? Promise.resolve() : Promise.reject(new Error(t('courses.editor.videoUrlInvalid')));
          },
        }]}>
        <Input maxLength={courseLimits.videoUrl} placeholder="https://" className="mono" data-testid="lesson-video" />
      </Form.Item>
    </div>
  );
}

function QuestionCard({ field, index, count, readOnly, onMove, onRemove, onChange }: {
  field: FormListFieldData; index: number; count: number; readOnly: boolean; onMove: (to: number) => void; onRemove: () => void; onChange: () => void;
}) {
  const { t } = useTranslation('console');
  const courseLimits = useLimits().courses;
  const form = Form.useFormInstance<CourseValues>();
  const correctPath = ['questions', field.name, 'correctIndex'] as ['questions', number, 'correctIndex'];
  return (
    <div className="course-item" data-card={`question-${index}`} data-testid="question-card">
      <ItemHead kind="question" label={t('courses.editor.questionN', { n: index + 1 })} index={index} count={count} readOnly={readOnly} onMove={onMove} onRemove={onRemove} />
      <Form.Item name={[field.name, 'prompt']} label={t('courses.editor.prompt')}
        rules={[{ required: true, whitespace: true, message: t('courses.editor.promptRequired', { n: index + 1 }) }, { max: courseLimits.prompt, message: t('maxLen', { n: courseLimits.prompt }) }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={courseLimits.prompt} placeholder={t('courses.editor.promptPlaceholder')} data-testid="question-prompt" />
      </Form.Item>
      {/* The radio marks the correct choice; its value is the choice's index. */}
      <Form.Item name={[field.name, 'correctIndex']} label={t('courses.editor.options')} extra={readOnly ? undefined : t('courses.editor.optionsHint')} className="course-item-last"
        rules={[{ validator: (_, v: number | null | undefined) => (typeof v === 'number' && v >= 0 ? Promise.resolve() : Promise.reject(new Error(t('courses.editor.correctRequired', { n: index + 1 })))) }]}>
        <Radio.Group className="course-options" data-testid="question-options">
          <Form.List name={[field.name, 'options']}
            rules={[{
              validator: async (_, opts: string[] | undefined) => {
                const list = (opts ?? []).map((o) => (o ?? '').trim());
                if (list.length < courseLimits.minOptions || list.length > courseLimits.maxOptions) throw new Error(t('courses.editor.optionsCount', { min: courseLimits.minOptions, max: courseLimits.maxOptions }));
                const filled = list.filter(Boolean);
                if (new Set(filled).size !== filled.length) throw new Error(t('courses.editor.optionsDistinct'));
              },
            }]}>
            {(opts, { add, remove }, { errors }) => (
              <>
                {opts.map((opt, j) => (
                  <div className="course-option" key={opt.key}>
                    <Radio value={j} aria-label={t('courses.editor.markCorrect', { n: j + 1 })} data-testid="option-correct" />
                    <span className="course-option-letter">{String.fromCharCode(65 + j)}</span>
                    <Form.Item name={[opt.name]} noStyle
                      rules={[{ required: true, whitespace: true, message: t('courses.editor.optionRequired') }, { max: courseLimits.option, message: t('maxLen', { n: courseLimits.option }) }]}>
                      <Input maxLength={courseLimits.option} placeholder={t('courses.editor.optionPlaceholder', { letter: String.fromCharCode(65 + j) })} data-testid="option-text" />
                    </Form.Item>
                    {!readOnly && (
                      <Tooltip title={opts.length <= courseLimits.minOptions ? t('courses.editor.optionsMin', { n: courseLimits.minOptions }) : t('courses.editor.removeOption')}>
                        <Button type="text" size="small" disabled={opts.length <= courseLimits.minOptions} aria-label={t('courses.editor.removeOption')} data-testid="option-remove"
                          onClick={() => {
                            const correct = form.getFieldValue(correctPath) as number | null | undefined;
                            remove(j);
                            // The marked answer keeps pointing at the same choice.
                            if (typeof correct === 'number') form.setFieldValue(correctPath, correct === j ? null : correct > j ? correct - 1 : correct);
                            onChange();
                          }}>×</Button>
                      </Tooltip>
                    )}
                  </div>
                ))}
                <OptionErrors errors={errors} />
                {!readOnly && opts.length < courseLimits.maxOptions && (
                  <Button type="link" size="small" className="link-tight course-option-add" onClick={() => { add(''); onChange(); }} data-testid="option-add">
                    {t('courses.editor.addOption')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Radio.Group>
      </Form.Item>
    </div>
  );
}

/** The list's own errors (how many choices, duplicates); an empty choice's error shows under the choices by itself. */
function OptionErrors({ errors }: { errors: ReactNode[] }) {
  if (errors.length === 0) return null;
  return <div className="course-option-errors"><Form.ErrorList errors={errors} /></div>;
}

// ------------------------------------------------------------------ preview: as a leader sees it

type Step = 'intro' | 'overview' | number | 'quiz' | 'result';

/** The course as a leader will see it on his phone: enrol, lessons one by one, the quiz. Nothing is recorded. */
export function CoursePreview({ draft, onClose }: { draft: CourseDraft | null; onClose: () => void }) {
  const { t } = useTranslation('console');
  const [step, setStep] = useState<Step>('intro');
  const [answers, setAnswers] = useState<(number | null)[]>([]);
  const [showAnswers, setShowAnswers] = useState(false);
  const [quizError, setQuizError] = useState<string | null>(null);
  const body = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (!draft) return;
    setStep('intro');
    setAnswers(draft.questions.map(() => null));
    setQuizError(null);
  }, [draft]);

  useEffect(() => { body.current?.scrollTo({ top: 0 }); }, [step]);

  if (!draft) return <Modal open={false} footer={null} />;
  const lessons = draft.lessons;
  const questions = draft.questions;
  const untitled = t('courses.previewer.untitled');
  const right = answers.filter((a, i) => a !== null && a === questions[i]?.correctIndex).length;
  const score = questions.length ? Math.round((right * 100) / questions.length) : 0;
  const passed = score >= draft.passScore;

  let content;
  if (step === 'intro') {
    content = (
      <section className="cpv-card">
        <h2 className="cpv-title">{draft.title || untitled}</h2>
        {draft.description && <p className="cpv-desc">{draft.description}</p>}
        <div className="cpv-meta">
          <span>{t('courses.previewer.lessons', { n: lessons.length })}</span>
          <span>{t('courses.previewer.questions', { n: questions.length })}</span>
          <span>{t('courses.previewer.passScore', { n: draft.passScore })}</span>
        </div>
        <div className="cpv-hint">{t('courses.previewer.enrolHint', { n: draft.passScore })}</div>
        <button type="button" className="cpv-btn primary" onClick={() => setStep('overview')} data-testid="preview-enrol">{t('courses.previewer.enrol')}</button>
      </section>
    );
  } else if (step === 'overview') {
    content = (
      <>
        <section className="cpv-card">
          <h2 className="cpv-title">{draft.title || untitled}</h2>
          {draft.description && <p className="cpv-desc">{draft.description}</p>}
        </section>
        <section className="cpv-card">
          <h3 className="cpv-block-title">{t('courses.previewer.lessonsTitle', { n: lessons.length })}</h3>
          {lessons.length === 0 && <div className="cpv-hint">{t('courses.previewer.noLessons')}</div>}
          <ol className="cpv-lessons">
            {lessons.map((l, i) => (
              <li key={i}><button type="button" className="cpv-lesson-link" onClick={() => setStep(i)}><span className="cpv-n">{i + 1}</span>{l.title || untitled}<span className="cpv-go">›</span></button></li>
            ))}
          </ol>
          <button type="button" className="cpv-btn primary" onClick={() => setStep(lessons.length ? 0 : 'quiz')} data-testid="preview-start">{t('courses.previewer.start')}</button>
          <button type="button" className="cpv-btn plain" onClick={() => setStep('quiz')}>{t('courses.previewer.toQuiz')}</button>
        </section>
      </>
    );
  } else if (typeof step === 'number' && lessons[step]) {
    const l = lessons[step];
    content = (
      <section className="cpv-card" data-testid="preview-lesson">
        <div className="cpv-progress">{t('courses.previewer.lessonOf', { n: step + 1, total: lessons.length })}</div>
        <div className="cpv-bar" aria-hidden="true"><div style={{ width: `${((step + 1) / lessons.length) * 100}%` }} /></div>
        <h2 className="cpv-lesson-title">{l.title || untitled}</h2>
        {l.videoUrl && <a className="cpv-video" href={l.videoUrl} target="_blank" rel="noopener noreferrer">▶ {t('courses.previewer.video')}</a>}
        <p className="cpv-lesson-body">{l.body}</p>
        <div className="cpv-two">
          <button type="button" className="cpv-btn" disabled={step === 0} onClick={() => setStep(step - 1)}>{t('courses.previewer.prev')}</button>
          {step + 1 < lessons.length
            ? <button type="button" className="cpv-btn primary" onClick={() => setStep(step + 1)} data-testid="preview-next">{t('courses.previewer.next')}</button>
            : <button type="button" className="cpv-btn primary" onClick={() => setStep('quiz')} data-testid="preview-quiz">{t('courses.previewer.toQuiz')}</button>}
        </div>
      </section>
    );
  } else if (step === 'result') {
    content = (
      <section className={`cpv-card cpv-result ${passed ? 'pass' : 'fail'}`} data-testid="preview-result">
        <div className="cpv-score">{score}<small>{t('courses.pointsUnit')}</small></div>
        <div className="cpv-verdict">{passed ? t('courses.previewer.passed') : t('courses.previewer.failed', { n: draft.passScore })}</div>
        <div className="cpv-hint center">{t('courses.previewer.resultLine', { correct: right, total: questions.length })}</div>
        {passed && (
          <div className="cpv-certificate">
            <div className="cpv-cert-label">{t('courses.previewer.certificate')}</div>
            <div className="cpv-cert-code">LL-{new Date().getFullYear()}-XXXXXX</div>
            <div className="cpv-cert-meta">{t('courses.previewer.certificateHint')}</div>
          </div>
        )}
        <button type="button" className="cpv-btn primary" onClick={() => { setAnswers(questions.map(() => null)); setStep('quiz'); }}>{t('courses.previewer.again')}</button>
        <button type="button" className="cpv-btn plain" onClick={() => setStep('overview')}>{t('courses.previewer.backToLessons')}</button>
      </section>
    );
  } else {
    content = (
      <section className="cpv-card">
        <h3 className="cpv-block-title">{t('courses.previewer.quizTitle', { n: questions.length, pass: draft.passScore })}</h3>
        {questions.length === 0 && <div className="cpv-hint">{t('courses.previewer.noQuestions')}</div>}
        {questions.map((q, i) => (
          <fieldset key={i} className="cpv-question" data-testid="preview-question">
            <legend className="cpv-prompt"><span className="cpv-n">{i + 1}</span>{q.prompt || untitled}</legend>
            {q.options.map((o, j) => {
              const chosen = answers[i] === j;
              const isRight = showAnswers && q.correctIndex === j;
              return (
                <label key={j} className={`cpv-option${chosen ? ' on' : ''}${isRight ? ' right' : ''}`}>
                  <input type="radio" name={`cpv-q-${i}`} checked={chosen} onChange={() => setAnswers(answers.map((a, k) => (k === i ? j : a)))} />
                  <span>{o || '—'}</span>
                  {isRight && <span className="cpv-right">✓</span>}
                </label>
              );
            })}
          </fieldset>
        ))}
        {quizError && <div className="cpv-error" role="alert">{quizError}</div>}
        {questions.length > 0 && (
          <button type="button" className="cpv-btn primary" data-testid="preview-submit"
            onClick={() => {
              const missing = answers.findIndex((a) => a === null);
              if (missing >= 0) { setQuizError(t('courses.previewer.answerAll', { n: missing + 1 })); return; }
              setQuizError(null);
              setStep('result');
            }}>
            {t('courses.previewer.submit')}
          </button>
        )}
        <button type="button" className="cpv-btn plain" onClick={() => setStep(lessons.length ? lessons.length - 1 : 'overview')}>{t('courses.previewer.backToLessons')}</button>
      </section>
    );
  }

  const back = step === 'intro' ? null : step === 'overview' ? 'intro' : 'overview';
  return (
    <Modal open onCancel={onClose} footer={null} width={460} title={t('courses.previewer.title')} destroyOnHidden data-testid="course-preview-modal" className="cpv-modal">
      <div className="cpv-toolbar">
        <span className="cell-sub">{t('courses.previewer.note')}</span>
        <Space size={6}>
          <span className="cell-sub">{t('courses.previewer.showAnswers')}</span>
          <Switch size="small" checked={showAnswers} onChange={setShowAnswers} data-testid="preview-show-answers" />
        </Space>
      </div>
      <div className="cpv-phone">
        <div className="cpv-navbar">
          {back !== null ? <button type="button" className="cpv-back" onClick={() => setStep(back as Step)} aria-label={t('back', { ns: 'common' })}>‹</button> : <span className="cpv-back" />}
          <span className="cpv-nav-title">{step === 'intro' ? t('courses.previewer.navTitle') : draft.title || untitled}</span>
          <span className="cpv-back" />
        </div>
        <div className="cpv-body" ref={body}>{content}</div>
      </div>
    </Modal>
  );
}
