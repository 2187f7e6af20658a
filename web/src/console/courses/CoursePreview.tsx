import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal, Space, Switch } from 'antd';
import { type CourseDraft } from '../training';

export type Step = 'intro' | 'overview' | number | 'quiz' | 'result';

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
