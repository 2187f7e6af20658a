import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Empty, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime } from './trustData';
import { formatDate, type CourseDraft, type CourseSummary } from './training';
import { toDraft, toValues, type Editing } from './courses/courseForm';
import { CoursePreview } from './courses/CoursePreview';
import { CourseEditor } from './courses/CourseEditor';
import { useCourses, useFetchCourse } from './courses/useCourses';

/** 培训课程: courses for leaders, written as drafts, previewed as a leader sees them, then published (and frozen). */
export function CoursesPage() {
  const { t, i18n } = useTranslation('console');
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [preview, setPreview] = useState<CourseDraft | null>(null);
  const courses = useCourses();
  const fetchCourse = useFetchCourse();

  const openPreview = async (c: CourseSummary) => {
    try {
      const d = await fetchCourse(c.id);
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
