import { useTranslation } from 'react-i18next';
import { Tag } from 'antd';
import { type CourseDetail } from '../training';

/** A published course as it reads: lessons in order, questions with the correct choice marked. */
export function CourseReadOnly({ course }: { course: CourseDetail }) {
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
