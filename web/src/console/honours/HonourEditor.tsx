import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Drawer, Form, Input, Radio, Space, Tooltip } from 'antd';
import { ApiError } from '../../shared/api';
import { useFactInsertion } from '../ruleEditing';
import { type Honour, type HonourFact } from '../training';
import { useLimits } from '../../shared/limits';
import { useSaveHonour } from './useHonours';

export interface HonourValues { name: string; description: string; mode: 'rule' | 'manual'; rule: string }
export interface RuleError { message: string; position: number | null }

export const EXAMPLES = [
  'months_active >= 12 and courses_completed >= 1',
  "tier in ['gold', 'silver'] and endorsements >= 5",
  'trust_index >= 85',
  'communities_led >= 2 or months_active >= 24',
] as const;

export function HonourEditor({ open, honour, facts, onClose, onCreated }: {
  open: boolean; honour: Honour | null; facts: HonourFact[]; onClose: () => void; onCreated: (h: Honour) => void;
}) {
  const { t } = useTranslation('console');
  const honourLimits = useLimits().honours;
  const { message } = App.useApp();
  const [form] = Form.useForm<HonourValues>();
  const [ruleError, setRuleError] = useState<RuleError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { textarea, selection, remember, insertFact } = useFactInsertion(form, 'rule', () => setRuleError(null));
  const rule: string = Form.useWatch('rule', form) ?? '';
  const mode: HonourValues['mode'] = Form.useWatch('mode', form) ?? 'rule';

  useEffect(() => {
    if (!open) return;
    setRuleError(null);
    setError(null);
    selection.current = null;
    form.resetFields();
    form.setFieldsValue(honour
      ? { name: honour.name, description: honour.description, mode: honour.rule ? 'rule' : 'manual', rule: honour.rule ?? '' }
      : { name: '', description: '', mode: 'rule', rule: '' });
  }, [open, honour, form]);

  const save = useSaveHonour(honour, {
    onSuccess: (h) => {
      message.success(honour ? t('honours.editor.saved', { name: h.name }) : t('honours.editor.created', { name: h.name }));
      if (!honour) onCreated(h);
      onClose();
    },
    onError: (err) => {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'honour.syntax' || code === 'honour.unknown_fact') {
        // The server counts characters from 1.
        const position = err instanceof ApiError && typeof err.details.position === 'number' ? err.details.position : null;
        setRuleError({ message: err.message, position });
        if (position !== null) {
          requestAnimationFrame(() => {
            const el = textarea.current;
            if (el) { el.focus(); el.setSelectionRange(position - 1, Math.min(position, el.value.length)); }
          });
        }
      } else if (code === 'honour.name_invalid' || code === 'honour.name_taken') {
        form.setFields([{ name: 'name', errors: [err.message] }]);
      } else if (code === 'honour.description_too_long') {
        form.setFields([{ name: 'description', errors: [err.message] }]);
      } else {
        setError(err.message);
      }
    },
  });

  const applyExample = (example: string) => {
    form.setFieldsValue({ rule: example });
    setRuleError(null);
    selection.current = null;
  };

  // details.position is 1-based: the marked character is rule[position - 1].
  const pos = ruleError?.position ?? null;
  const help = ruleError ? (
    <div data-testid="honour-rule-error">
      <div>{ruleError.message}</div>
      {pos !== null && (
        <pre className="rule-caret" aria-label={t('honours.editor.errorAt', { position: pos })}>
          {rule.slice(0, pos - 1)}<mark>{rule.slice(pos - 1, pos) || ' '}</mark>{rule.slice(pos)}
        </pre>
      )}
    </div>
  ) : undefined;

  const changingRule = !!honour && mode === 'rule' && rule.trim() !== (honour.rule ?? '');

  return (
    <Drawer
      title={honour ? t('honours.editor.editTitle', { name: honour.name }) : t('honours.editor.createTitle')}
      open={open} onClose={onClose} size={Math.min(720, window.innerWidth - 16)} destroyOnHidden data-testid="honour-editor"
      extra={(
        <Space>
          <Button onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="honour-save">{honour ? t('save') : t('honours.editor.create')}</Button>
        </Space>
      )}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<HonourValues>
        form={form} layout="vertical" requiredMark={false} className="rule-editor-form"
        onFinish={(v) => { setError(null); setRuleError(null); save.mutate({ name: v.name.trim(), description: v.description.trim(), rule: v.mode === 'rule' ? v.rule.trim() : null }); }}
        onValuesChange={(changed: Partial<HonourValues>) => { if (('rule' in changed || 'mode' in changed) && ruleError) setRuleError(null); }}
      >
        <Form.Item name="name" label={t('honours.editor.name')} extra={honour ? t('honours.editor.nameFixed') : t('honours.editor.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('honours.editor.name') }) }, { max: honourLimits.name, message: t('maxLen', { n: honourLimits.name }) }]}>
          <Input maxLength={honourLimits.name} showCount disabled={!!honour} placeholder={t('honours.editor.namePlaceholder')} data-testid="honour-name" />
        </Form.Item>
        <Form.Item name="description" label={t('honours.editor.description')} extra={t('honours.editor.descriptionHint')}
          rules={[{ max: honourLimits.description, message: t('maxLen', { n: honourLimits.description }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={honourLimits.description} showCount placeholder={t('honours.editor.descriptionPlaceholder')} data-testid="honour-description" />
        </Form.Item>
        <Form.Item name="mode" label={t('honours.editor.how')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="honour-mode"
            options={[{ value: 'rule', label: t('honours.editor.byRule') }, { value: 'manual', label: t('honours.editor.byHand') }]} />
        </Form.Item>
        {mode === 'manual' ? (
          <>
            <Alert type="info" showIcon title={t('honours.editor.manualHint')} style={{ marginBottom: 16 }} />
            {honour?.rule && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('honours.editor.ruleChangeNote', { n: honour.activeGrants })} data-testid="honour-rule-change" />}
          </>
        ) : (
          <>
            <Form.Item name="rule" label={t('honours.editor.rule')} extra={ruleError ? undefined : t('honours.editor.ruleHint')}
              validateStatus={ruleError ? 'error' : undefined} help={help}
              rules={[{ required: true, whitespace: true, message: t('honours.editor.ruleRequired') }, { max: honourLimits.rule, message: t('maxLen', { n: honourLimits.rule }) }]}>
              <Input.TextArea
                className="rule-input" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={honourLimits.rule} spellCheck={false}
                placeholder="months_active >= 12 and courses_completed >= 1" data-testid="honour-rule"
                onChange={(e) => remember(e.target)} onSelect={(e) => remember(e.currentTarget)} onFocus={(e) => remember(e.currentTarget)}
              />
            </Form.Item>
            {changingRule && (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('honours.editor.ruleChangeNote', { n: honour?.activeGrants ?? 0 })} data-testid="honour-rule-change" />
            )}
            <div className="rule-help">
              <div className="rule-help-title">{t('honours.editor.facts')}</div>
              <div className="fact-grid" data-testid="honour-facts">
                {facts.map((f) => (
                  <Tooltip key={f.name} title={f.description} placement="top">
                    <button type="button" className="fact-chip" onClick={() => insertFact(f.name)} data-testid="honour-fact">
                      <code>{f.name}</code>
                      <span>{f.label}</span>
                    </button>
                  </Tooltip>
                ))}
              </div>
              <div className="rule-help-title">{t('honours.editor.syntax')}</div>
              <div className="cell-sub" style={{ marginBottom: 12 }}>{t('honours.editor.syntaxBody')}</div>
              <div className="rule-help-title">{t('honours.editor.examples')}</div>
              <div className="honour-examples">
                {EXAMPLES.map((ex) => (
                  <button type="button" key={ex} className="example-chip" onClick={() => applyExample(ex)}>
                    <code>{ex}</code>
                  </button>
                ))}
              </div>
            </div>
          </>
        )}
      </Form>
    </Drawer>
  );
}

// ------------------------------------------------------------------ grants
