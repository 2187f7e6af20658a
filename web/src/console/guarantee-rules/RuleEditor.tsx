import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { ApiError } from '../../shared/api';
import { useFactInsertion } from '../ruleEditing';
import { ClaimDrawer } from '../ClaimDrawer';
import { RULE_ACTIONS, type ConsoleRule, type PreviewResult, type RuleAction, type RuleCampaign, type RuleDraft } from '../aftersales';
import { ActionTag } from './ActionTag';
import { PreviewPanel } from './PreviewPanel';
import { usePublishRule, useRulePreview } from './useGuaranteeRules';

export interface EditorValues extends Omit<RuleDraft, 'campaignId'> { key?: string; scope?: string }
/** The scope select's value for the platform (a campaign's is its id). */
export const PLATFORM_SCOPE = 'platform';
export interface ConditionError { message: string; position: number | null }

export const FIELD_ERRORS: Record<string, keyof EditorValues> = {
  'guarantee.key_invalid': 'key', 'guarantee.key_taken': 'key', 'guarantee.name_invalid': 'name',
  'guarantee.description_invalid': 'description', 'guarantee.priority_invalid': 'priority',
  'guarantee.campaign_unknown': 'scope', 'guarantee.campaign_action': 'action',
};

export function draftOf(v: EditorValues): RuleDraft & { key?: string } {
  return {
    ...(v.key !== undefined ? { key: v.key.trim() } : {}),
    // Only a new rule chooses its scope; a version keeps its key's.
    ...(v.scope !== undefined ? { campaignId: v.scope === PLATFORM_SCOPE ? null : v.scope } : {}),
    name: (v.name ?? '').trim(), description: (v.description ?? '').trim(), condition: (v.condition ?? '').trim(),
    action: v.action, priority: v.priority, active: v.active,
  };
}

/** Create a rule or publish the next version of one, with the impact on past claims before publishing. */
export function RuleEditor({ open, rule, facts, rules, campaigns, initialScope, onClose }: {
  open: boolean; rule: ConsoleRule | null; facts: string[]; rules: ConsoleRule[]; campaigns: RuleCampaign[]; initialScope?: string; onClose: () => void;
}) {
  const { t } = useTranslation('console');
  const { t: tg } = useTranslation('guarantee');
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const [condError, setCondError] = useState<ConditionError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ result: PreviewResult; draft: string } | null>(null);
  const [claimId, setClaimId] = useState<string | null>(null);
  const { textarea, selection, remember, insertFact } = useFactInsertion(form, 'condition', () => setCondError(null));
  const previewRef = useRef<HTMLDivElement | null>(null);
  const condition: string = Form.useWatch('condition', form) ?? '';
  const values = Form.useWatch([], form) as EditorValues | undefined;
  const currentDraft = values ? JSON.stringify(draftOf({ ...values, key: rule ? undefined : values.key, scope: rule ? undefined : values.scope })) : '';
  const scope: string = Form.useWatch('scope', form) ?? (rule?.campaignId ?? PLATFORM_SCOPE);
  const forCampaign = rule ? rule.campaignId !== null : scope !== PLATFORM_SCOPE;
  const campaignName = (id: string | null) => campaigns.find((c) => c.id === id)?.name ?? id ?? '';
  const stale = !!preview && preview.draft !== currentDraft;

  useEffect(() => {
    if (!open) return;
    setCondError(null);
    setError(null);
    setPreview(null);
    selection.current = null;
    form.resetFields();
    form.setFieldsValue(rule
      ? { name: rule.name, description: rule.description, condition: rule.condition, action: rule.action, priority: rule.priority, active: rule.active }
      : { key: '', name: '', description: '', condition: '', action: 'refund_now', priority: 60, active: true, scope: initialScope ?? PLATFORM_SCOPE });
  }, [open, rule, form, initialScope]);

  // A campaign guarantee can only refund at once (it adds a better outcome to the platform's rules).
  useEffect(() => { if (forCampaign && form.getFieldValue('action') !== 'refund_now') form.setFieldValue('action', 'refund_now'); }, [forCampaign, form]);

  /** Server refusals land where they belong: the condition (with its position) or the field named. */
  const showError = (err: Error) => {
    const code = err instanceof ApiError ? err.code : '';
    if (code === 'guarantee.syntax' || code === 'guarantee.unknown_fact') {
      // The server counts characters from 1; the text box from 0.
      const position = err instanceof ApiError && typeof err.details.position === 'number' ? err.details.position - 1 : null;
      setCondError({ message: err.message, position });
      if (position !== null) {
        requestAnimationFrame(() => {
          const el = textarea.current;
          if (el) { el.focus(); el.setSelectionRange(position, Math.min(position + 1, el.value.length)); }
        });
      }
    } else if (FIELD_ERRORS[code]) {
      form.setFields([{ name: FIELD_ERRORS[code], errors: [err.message] }]);
    } else {
      setError(err.message);
    }
  };

  const runPreview = useRulePreview(rule, {
    onSuccess: (result, d) => {
      setPreview({ result, draft: JSON.stringify(d) });
      requestAnimationFrame(() => previewRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    },
    onError: (err) => { setPreview(null); showError(err); },
  });

  const publish = usePublishRule(rule, {
    onSuccess: (row) => {
      message.success(t('rules.published', { name: row.name, version: row.version }));
      onClose();
    },
    onError: showError,
  });

  const validated = async () => {
    setError(null);
    setCondError(null);
    const v = await form.validateFields().catch(() => null);
    return v ? draftOf({ ...v, key: rule ? undefined : v.key, scope: rule ? undefined : v.scope }) : null;
  };

  const doPreview = async () => {
    const d = await validated();
    if (d) runPreview.mutate(d);
  };

  const doPublish = async () => {
    const d = await validated();
    if (!d) return;
    const previewed = preview && preview.draft === JSON.stringify(d) ? preview.result : null;
    modal.confirm({
      title: rule ? t('rules.confirm.versionTitle', { name: d.name, version: rule.version + 1 }) : t('rules.confirm.newTitle', { name: d.name }),
      width: 520,
      content: (
        <div data-testid="publish-confirm">
          <p>{t('rules.confirm.forward')}</p>
          <p><Typography.Text strong>{t('rules.confirm.keep')}</Typography.Text></p>
          {previewed
            ? <p>{t('rules.confirm.previewed', { examined: previewed.examined, changed: previewed.changedCount })}</p>
            : <p className="text-warning">{preview ? t('rules.confirm.stale') : t('rules.confirm.notPreviewed')}</p>}
        </div>
      ),
      okText: t('rules.confirm.ok'),
      okButtonProps: { ...({ 'data-testid': 'publish-confirm-ok' } as object) },
      cancelText: t('aftersales.cancel'),
      onOk: () => publish.mutateAsync(d).catch(() => undefined),
    });
  };

  // The server counts characters from 0; the marked character is the one at that offset.
  const pos = condError?.position ?? null;
  const help = condError ? (
    <div data-testid="rule-condition-error">
      <div>{condError.message}</div>
      {pos !== null && (
        <pre className="rule-caret" aria-label={t('rules.editor.errorAt', { position: pos + 1 })}>
          {condition.slice(0, pos)}<mark>{condition.slice(pos, pos + 1) || ' '}</mark>{condition.slice(pos + 1)}
        </pre>
      )}
    </div>
  ) : undefined;

  const ruleNames = new Map(rules.map((r) => [r.key, r.name]));
  const draftName = values?.name?.trim() || (rule?.name ?? '');
  const nameOf = (key: string | null) => (key === null ? null : key === (rule?.key ?? values?.key?.trim()) ? draftName || key : ruleNames.get(key) ?? key);

  return (
    <Drawer
      title={rule ? t('rules.editor.editTitle', { name: rule.name, version: rule.version }) : t('rules.editor.createTitle')}
      open={open} onClose={onClose} size={Math.min(780, window.innerWidth - 16)} destroyOnHidden data-testid="rule-editor"
      extra={(
        <Space>
          <Button onClick={onClose}>{t('rules.editor.cancel')}</Button>
          <Button onClick={doPreview} loading={runPreview.isPending} data-testid="rule-preview">{t('rules.editor.preview')}</Button>
          <Button type="primary" onClick={doPublish} loading={publish.isPending} data-testid="rule-save">{t('rules.editor.publish')}</Button>
        </Space>
      )}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" requiredMark={false} className="rule-editor-form" onValuesChange={(changed) => { if ('condition' in changed && condError) setCondError(null); }}>
        {rule ? (
          <Form.Item label={tg('console.scope')} extra={tg('console.scopeHint')}>
            <Typography.Text strong data-testid="rule-scope-fixed">{rule.campaignId ? tg('console.campaign', { name: campaignName(rule.campaignId) }) : tg('console.platform')}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="scope" label={tg('console.scope')} extra={tg('console.scopeHint')}>
            <Select<string> data-testid="rule-scope" options={[
              { value: PLATFORM_SCOPE, label: tg('console.platform') },
              ...campaigns.map((c) => ({ value: c.id, label: `${tg('console.campaign', { name: c.name })}${c.status === 'published' ? '' : `（${tg(`console.${c.status}`)}）`}` })),
            ]} />
          </Form.Item>
        )}
        {!rule && (
          <Form.Item name="key" label={t('rules.editor.key')} extra={t('rules.editor.keyHint')}
            rules={[{ required: true, message: t('rules.editor.required', { field: t('rules.editor.key') }) }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('rules.editor.keyInvalid') }]}>
            <Input className="mono" maxLength={40} placeholder="late_delivery" data-testid="rule-key" />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="name" label={t('rules.editor.name')}
              rules={[{ required: true, whitespace: true, message: t('rules.editor.required', { field: t('rules.editor.name') }) }, { max: 40, message: t('rules.editor.maxLen', { n: 40 }) }]}>
              <Input maxLength={40} placeholder={t('rules.editor.namePlaceholder')} data-testid="rule-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="action" label={t('rules.editor.action')} extra={forCampaign ? tg('console.campaignOnly') : undefined}>
              <Select<RuleAction> data-testid="rule-action" disabled={forCampaign}
                options={RULE_ACTIONS.map((a) => ({ value: a, label: <ActionTag action={a} /> }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="priority" label={t('rules.editor.priority')} tooltip={t('rules.editor.priorityHint')}
              rules={[{ required: true, type: 'integer', min: 0, max: 1000, message: t('rules.editor.priorityInvalid') }]}>
              <InputNumber<number> min={0} max={1000} precision={0} style={{ width: '100%' }} data-testid="rule-priority" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="active" label={t('rules.editor.active')} valuePropName="checked" tooltip={t('rules.editor.activeHint')}>
              <Switch data-testid="rule-active-input" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('rules.editor.description')} extra={t('rules.editor.descriptionHint')}
          rules={[{ required: true, whitespace: true, min: 4, max: 500, message: t('rules.editor.descriptionMin') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} showCount placeholder={t('rules.editor.descriptionPlaceholder')} data-testid="rule-description" />
        </Form.Item>
        <Form.Item name="condition" label={t('rules.editor.condition')} extra={condError ? undefined : t('rules.editor.conditionHint')}
          validateStatus={condError ? 'error' : undefined} help={help}
          rules={[{ required: true, whitespace: true, message: t('rules.editor.required', { field: t('rules.editor.condition') }) }, { max: 2000, message: t('rules.editor.maxLen', { n: 2000 }) }]}>
          <Input.TextArea
            className="rule-input" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} spellCheck={false}
            placeholder={t('rules.editor.conditionPlaceholder')} data-testid="rule-condition"
            onChange={(e) => remember(e.target)} onSelect={(e) => remember(e.currentTarget)} onFocus={(e) => remember(e.currentTarget)}
          />
        </Form.Item>
        <div className="rule-help">
          <div className="rule-help-title">{t('rules.editor.facts')}</div>
          <div className="fact-grid" data-testid="rule-facts">
            {facts.map((name) => (
              <button type="button" key={name} className="fact-chip" onClick={() => insertFact(name)} title={t(`aftersales.facts.${name}`, { defaultValue: name })}>
                <code>{name}</code>
                <span>{t(`aftersales.facts.${name}`, { defaultValue: '' })}</span>
              </button>
            ))}
          </div>
          <div className="rule-help-title">{t('rules.editor.syntax')}</div>
          <div className="cell-sub">{t('rules.editor.syntaxBody')}</div>
        </div>
      </Form>

      <div ref={previewRef}>
        {preview && <PreviewPanel result={preview.result} stale={stale} nameOf={nameOf} onOpenClaim={setClaimId} />}
      </div>
      <ClaimDrawer claimId={claimId} onClose={() => setClaimId(null)} />
    </Drawer>
  );
}
