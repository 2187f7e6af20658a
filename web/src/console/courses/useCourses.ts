import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../shared/api';
import { trainingKeys } from '../../shared/query-keys';
import type { CourseDetail, CourseDraft, CourseSummary } from '../training';

/** The console's courses (GET /api/console/courses). */
export function useCourses() {
  return useQuery({ queryKey: trainingKeys.consoleCourses(), queryFn: () => api<{ items: CourseSummary[] }>('/api/console/courses') });
}

const fetchCourse = (id: string | null) => () => api<CourseDetail>(`/api/console/courses/${id}`);

/** One course for the editor, while it is open. */
export function useCourse(courseId: string | null, open: boolean) {
  return useQuery({ queryKey: trainingKeys.consoleCourse(courseId), enabled: open && !!courseId, queryFn: fetchCourse(courseId) });
}

/** Reads one course once (the list's 预览), through the editor's cache entry. */
export function useFetchCourse() {
  const queryClient = useQueryClient();
  return (id: string) => queryClient.fetchQuery({ queryKey: trainingKeys.consoleCourse(id), queryFn: fetchCourse(id) });
}

/**
 * Saving a draft, and publishing it (saving first what is not saved yet). `onSaved` hears of every
 * save, also the one publishing makes, so the form follows the stored course.
 */
export function useCourseMutations({ courseId, dirty, onSaved, onError, onPublished }: {
  courseId: string | null; dirty: boolean;
  onSaved: (c: CourseDetail) => void; onError: (err: Error) => void; onPublished: () => void;
}) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trainingKeys.consoleCourses() });

  const send = (d: CourseDraft) => (courseId
    ? api<CourseDetail>(`/api/console/courses/${courseId}`, { method: 'PUT', body: d })
    : api<CourseDetail>('/api/console/courses', { body: d }));

  const stored = (c: CourseDetail) => {
    queryClient.setQueryData(trainingKeys.consoleCourse(c.id), c);
    onSaved(c);
  };

  const save = useMutation({
    mutationFn: send,
    onSuccess: async (c) => {
      stored(c);
      await invalidate();
      message.success(t('courses.editor.savedDraft', { title: c.title }));
    },
    onError,
  });

  const publish = useMutation({
    mutationFn: async (d: CourseDraft) => {
      let id = courseId;
      if (!id || dirty) {
        const c = await send(d);
        stored(c);
        id = c.id;
      }
      return api<CourseDetail>(`/api/console/courses/${id}/publish`, { method: 'POST' });
    },
    onSuccess: async (c) => {
      queryClient.setQueryData(trainingKeys.consoleCourse(c.id), c);
      await invalidate();
      message.success(t('courses.editor.published', { title: c.title }));
      onPublished();
    },
    onError: async (err) => {
      onError(err);
      await invalidate();
    },
  });

  return { save, publish };
}
