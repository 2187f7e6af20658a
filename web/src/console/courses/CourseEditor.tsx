import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Skeleton, Space, Tag, Typography } from 'antd';
import { ApiError } from '../../shared/api';
import { formatDateTime } from '../trustData';
import type { CourseDetail, CourseDraft } from '../training';
import { useLimits } from '../../shared/limits';
import { EMPTY_COURSE, EMPTY_LESSON, EMPTY_QUESTION, fieldOf, toDraft, toValues, type CourseValues, type Editing } from './courseForm';
import { CoursePreview } from './CoursePreview';
import { LessonCard, QuestionCard } from './CourseItems';
import { CourseReadOnly } from './CourseReadOnly';
import { useCourse, useCourseMutations } from './useCourses';

/** The course editor: a draft's basics, lessons and questions, saved and published through useCourseMutations. */
export function CourseEditor({ editing, onClose, onCopy }: { editing: Editing | null; onClose: () => void; onCopy: (v: CourseValues) => void }) {
  const { t, i18n } = useTranslation('console');
  const courseLimits = useLimits().courses;
  const { modal } = App.useApp();
  const [form] = Form.useForm<CourseValues>();
  const [courseId, setCourseId] = useState<string | null>(editing?.id ?? null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<CourseDraft | null>(null);
  const loaded = useRef<string | null>(null);
  const top = useRef<HTMLDivElement | null>(null);
  const open = editing !== null;

  const detail = useCourse(courseId, open);
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

  const saved = (c: CourseDetail) => {
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

  const { save, publish } = useCourseMutations({
    courseId, dirty, onSaved: saved, onError: showError,
    onPublished: () => requestAnimationFrame(() => top.current?.closest('.ant-drawer-body')?.scrollTo({ top: 0 })),
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
