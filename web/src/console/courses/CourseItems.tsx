import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Form, Input, Radio, Space, Tooltip } from 'antd';
import type { FormListFieldData } from 'antd';
import { isHttpUrl } from '../training';
import { useLimits } from '../../shared/limits';
import type { CourseValues } from './courseForm';

export function ItemHead({ label, index, count, readOnly, onMove, onRemove, kind }: {
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

export function LessonCard({ field, index, count, readOnly, onMove, onRemove }: {
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

export function QuestionCard({ field, index, count, readOnly, onMove, onRemove, onChange }: {
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
export function OptionErrors({ errors }: { errors: ReactNode[] }) {
  if (errors.length === 0) return null;
  return <div className="course-option-errors"><Form.ErrorList errors={errors} /></div>;
}
