import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, PullToRefresh, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { type CourseDetail, type CourseSummary, type Enrolment, type QuizResult } from './life';
import { LifeIcon, PlainText } from './lifeParts';
import { leaderKeys, trainingKeys } from '../shared/query-keys';

function useDay() {
  const { i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (iso: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

function ProgressTag({ e }: { e: Enrolment | null }) {
  const { t } = useTranslation('leader');
  if (!e) return <Tag color="default" fill="outline">{t('life.training.notEnrolled')}</Tag>;
  if (e.completedAt) return <Tag color="success" fill="solid">{t('life.training.passed')}</Tag>;
  return <Tag color="primary" fill="outline">{t('life.training.learning')}</Tag>;
}

/** /leader/:communityId/training — the platform's courses for leaders, with his progress and certificates. */
export function TrainingPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Training communityId={communityId} />;
}

function Training({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const day = useDay();
  const courses = useQuery({ queryKey: trainingKeys.courses(), queryFn: () => api<{ items: CourseSummary[] }>('/api/training/courses') });
  const base = `/leader/${communityId}`;
  let body;
  if (courses.isPending) body = <PageLoading />;
  else if (courses.isError) body = <PageError error={courses.error} onRetry={() => courses.refetch()} />;
  else if (courses.data.items.length === 0) body = <EmptyState title={t('life.training.empty')} description={t('life.training.emptyHint')} />;
  else body = (
    <div className="post-list">
      {courses.data.items.map((c) => {
        const go = () => navigate(`${base}/training/${c.id}`);
        const e = c.enrolment;
        return (
          <article key={c.id} className={`course-card${e?.completedAt ? ' done' : ''}`} data-testid="course-row" role="link" tabIndex={0} onClick={go} onKeyDown={(k) => { if (k.key === 'Enter') go(); }}>
            <div className="course-card-head">
              <span className="course-card-title">{c.title}</span>
              <ProgressTag e={e} />
            </div>
            {c.description && <PlainText text={c.description} className="course-card-desc" clamp />}
            <div className="course-card-meta">
              <span>{t('life.training.lessons', { n: c.lessonCount })}</span>
              <span>{t('life.training.questions', { n: c.questionCount })}</span>
              <span>{t('life.training.passScore', { n: c.passScore })}</span>
            </div>
            {e?.completedAt && e.certificateCode && (
              <div className="course-card-cert"><Icon.done /> {t('life.training.certificate', { code: e.certificateCode, date: day(e.completedAt) })}</div>
            )}
            {e && !e.completedAt && e.attempts > 0 && <div className="course-card-progress">{t('life.training.attempts', { n: e.attempts, best: e.bestScore ?? 0 })}</div>}
          </article>
        );
      })}
    </div>
  );
  return (
    <LeaderPage title={t('life.training.navTitle')} communityId={communityId} back={`${base}/profile`}>
      <PullToRefresh onRefresh={async () => { await courses.refetch(); }}>
        <div className="life-intro"><LifeIcon.book /> <span>{t('life.training.intro')}</span></div>
        {body}
      </PullToRefresh>
    </LeaderPage>
  );
}

/**
 * /leader/:communityId/training/:courseId?lesson=N|quiz — enrol, read lesson by lesson, take the
 * quiz, see the result (and the certificate code once passed).
 */
export function CoursePage() {
  const { communityId = '', courseId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Course communityId={communityId} courseId={courseId} />;
}

function Course({ communityId, courseId }: { communityId: string; courseId: string }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const back = `/leader/${communityId}/training`;
  const course = useQuery({ queryKey: trainingKeys.course(courseId), queryFn: () => api<CourseDetail>(`/api/training/courses/${courseId}`) });
  const enrol = useMutation({
    mutationFn: () => api<CourseDetail>(`/api/training/courses/${courseId}/enrol`, { method: 'POST', body: {} }),
    onSuccess: async (c) => {
      queryClient.setQueryData(trainingKeys.course(courseId), c);
      await queryClient.invalidateQueries({ queryKey: trainingKeys.courses() });
      setParams({ lesson: '1' }, { replace: true });
    },
    onError: (err) => Toast.show({ content: errorMessage(err) }),
  });

  if (course.isPending) return <LeaderPage title={t('life.training.navTitle')} communityId={communityId} back={back}><PageLoading /></LeaderPage>;
  if (course.isError) return <LeaderPage title={t('life.training.navTitle')} communityId={communityId} back={back}><PageError error={course.error} onRetry={() => course.refetch()} /></LeaderPage>;
  const c = course.data;
  const lessons = c.lessons ?? [];
  const step = params.get('lesson');
  const lessonIndex = step && /^\d+$/.test(step) ? Math.min(Math.max(Number(step), 1), Math.max(lessons.length, 1)) - 1 : null;
  const go = (next: string | null) => { setParams(next ? { lesson: next } : {}, { replace: false }); window.scrollTo(0, 0); };

  let content;
  if (!c.enrolment) {
    content = (
      <section className="card-block course-intro">
        <h2 className="course-title">{c.title}</h2>
        {c.description && <PlainText text={c.description} className="course-desc" />}
        <div className="section-hint flush">{t('life.course.enrolHint', { n: c.passScore })}</div>
        <Button block color="primary" size="large" loading={enrol.isPending} onClick={() => enrol.mutate()} data-testid="course-enrol">{t('life.course.enrol')}</Button>
      </section>
    );
  } else if (step === 'quiz') {
    content = <Quiz course={c} onBack={() => go(String(lessons.length || 1))} />;
  } else if (lessonIndex !== null && lessons[lessonIndex]) {
    const l = lessons[lessonIndex];
    content = (
      <section className="card-block lesson" data-testid="lesson">
        <div className="lesson-progress">{t('life.course.lessonOf', { n: lessonIndex + 1, total: lessons.length })}</div>
        <div className="lesson-bar" aria-hidden="true"><div style={{ width: `${((lessonIndex + 1) / lessons.length) * 100}%` }} /></div>
        <h2 className="lesson-title">{l.title}</h2>
        {l.videoUrl && <a className="lesson-video" href={l.videoUrl} target="_blank" rel="noopener noreferrer">▶ {t('life.course.video')}</a>}
        <PlainText text={l.body} className="lesson-body" />
        <div className="two-buttons">
          <Button block size="large" disabled={lessonIndex === 0} onClick={() => go(String(lessonIndex))}>{t('life.course.prev')}</Button>
          {lessonIndex + 1 < lessons.length
            ? <Button block size="large" color="primary" onClick={() => go(String(lessonIndex + 2))} data-testid="lesson-next">{t('life.course.next')}</Button>
            : <Button block size="large" color="primary" onClick={() => go('quiz')} data-testid="lesson-quiz">{c.enrolment.completedAt ? t('life.course.review') : t('life.course.toQuiz')}</Button>}
        </div>
      </section>
    );
  } else {
    content = <CourseOverview course={c} onLesson={(i) => go(String(i + 1))} onQuiz={() => go('quiz')} />;
  }

  return (
    <LeaderPage title={c.title} communityId={communityId} back={step ? undefined : back}>
      {content}
    </LeaderPage>
  );
}

function CourseOverview({ course, onLesson, onQuiz }: { course: CourseDetail; onLesson: (i: number) => void; onQuiz: () => void }) {
  const { t } = useTranslation('leader');
  const day = useDay();
  const e = course.enrolment!;
  return (
    <>
      <section className="card-block">
        <h2 className="course-title">{course.title}</h2>
        {course.description && <PlainText text={course.description} className="course-desc" />}
        {e.completedAt && e.certificateCode && <Certificate code={e.certificateCode} date={day(e.completedAt)} score={e.bestScore ?? 0} />}
        {!e.completedAt && e.attempts > 0 && <div className="course-card-progress">{t('life.training.attempts', { n: e.attempts, best: e.bestScore ?? 0 })}</div>}
      </section>
      <section className="card-block">
        <h3 className="block-title">{t('life.course.lessonsTitle', { n: course.lessons?.length ?? 0 })}</h3>
        <ol className="lesson-list">
          {(course.lessons ?? []).map((l, i) => (
            <li key={l.id}><button type="button" className="lesson-link" onClick={() => onLesson(i)} data-testid="lesson-link"><span className="lesson-n">{i + 1}</span>{l.title}<span className="claim-card-go">›</span></button></li>
          ))}
        </ol>
        <Button block color="primary" size="large" onClick={() => (course.lessons?.length ? onLesson(0) : onQuiz())} data-testid="course-start">
          {e.completedAt ? t('life.course.reread') : t('life.course.start')}
        </Button>
        <Button block fill="none" onClick={onQuiz} data-testid="course-quiz">{e.completedAt ? t('life.course.review') : t('life.course.toQuiz')}</Button>
      </section>
    </>
  );
}

function Certificate({ code, date, score }: { code: string; date: string; score: number }) {
  const { t } = useTranslation('leader');
  return (
    <div className="certificate" data-testid="certificate">
      <div className="certificate-label">{t('life.course.certificate')}</div>
      <div className="certificate-code" data-testid="certificate-code">{code}</div>
      <div className="certificate-meta">{t('life.course.certificateMeta', { date, score })}</div>
    </div>
  );
}

function Quiz({ course, onBack }: { course: CourseDetail; onBack: () => void }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const day = useDay();
  const questions = course.questions ?? [];
  const completed = Boolean(course.enrolment?.completedAt);
  const [answers, setAnswers] = useState<(number | null)[]>(() => questions.map(() => null));
  const [result, setResult] = useState<QuizResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: () => api<QuizResult>(`/api/training/courses/${course.id}/quiz`, { body: { answers } }),
    onSuccess: async (r) => {
      setResult(r);
      window.scrollTo({ top: 0 });
      await Promise.all([queryClient.invalidateQueries({ queryKey: trainingKeys.courses() }), queryClient.invalidateQueries({ queryKey: leaderKeys.profiles() })]);
      if (r.passed) await queryClient.invalidateQueries({ queryKey: trainingKeys.course(course.id) });
    },
    onError: (err) => setError(err instanceof ApiError && err.code === 'training.already_completed' ? t('life.course.alreadyPassed') : errorMessage(err)),
  });
  const missing = answers.findIndex((a) => a === null);
  const send = () => {
    setError(null);
    if (missing >= 0) { setError(t('life.course.answerAll', { n: missing + 1 })); return; }
    submit.mutate();
  };

  if (result) {
    return (
      <section className={`card-block quiz-result ${result.passed ? 'pass' : 'fail'}`} data-testid="quiz-result" data-passed={result.passed ? 'true' : 'false'}>
        <div className="quiz-score">{result.score}<small>{t('life.course.points')}</small></div>
        <div className="quiz-verdict">{result.passed ? t('life.course.passedTitle') : t('life.course.failedTitle', { n: result.passScore })}</div>
        <div className="section-hint flush center">{t('life.course.resultLine', { correct: result.correct, total: result.total, attempts: result.attempts })}</div>
        {result.passed && result.certificateCode && <Certificate code={result.certificateCode} date={day(result.completedAt ?? new Date().toISOString())} score={result.score} />}
        {result.passed ? <div className="section-hint flush center">{t('life.course.onProfile')}</div> : (
          <Button block color="primary" size="large" onClick={() => { setResult(null); setAnswers(questions.map(() => null)); }} data-testid="quiz-retry">{t('life.course.retry')}</Button>
        )}
        <Button block fill="none" onClick={onBack}>{t('life.course.backToLessons')}</Button>
      </section>
    );
  }

  return (
    <section className="card-block quiz">
      <h3 className="block-title">{completed ? t('life.course.reviewTitle') : t('life.course.quizTitle', { n: questions.length, pass: course.passScore })}</h3>
      {questions.map((q, i) => (
        <fieldset key={q.id} className="quiz-question" data-testid={`quiz-question-${i}`}>
          <legend className="quiz-prompt"><span className="lesson-n">{i + 1}</span>{q.prompt}</legend>
          {q.options.map((o, j) => {
            const chosen = answers[i] === j;
            const right = completed && q.correctIndex === j;
            return (
              <label key={j} className={`quiz-option${chosen ? ' on' : ''}${right ? ' right' : ''}`} data-testid={`quiz-option-${i}-${j}`}>
                <input type="radio" name={`q-${q.id}`} checked={chosen} disabled={completed} onChange={() => setAnswers(answers.map((a, k) => (k === i ? j : a)))} />
                <span>{o}</span>
                {right && <span className="quiz-right"><LifeIcon.check /></span>}
              </label>
            );
          })}
        </fieldset>
      ))}
      {!completed && (
        <>
          <ActionError message={error} />
          <Button block color="primary" size="large" loading={submit.isPending} onClick={send} data-testid="quiz-submit">{t('life.course.submit')}</Button>
        </>
      )}
      <Button block fill="none" onClick={onBack}>{t('life.course.backToLessons')}</Button>
    </section>
  );
}
