import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Col, Drawer, Empty, Form, Input, InputNumber, Row, Select, Skeleton, Space, Statistic, Switch, Table, Tag, Tooltip, Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApiError, api } from '../shared/api';
import { useFactInsertion } from './ruleEditing';
import { formatDateTime } from './trustData';
import { ClaimDrawer } from './ClaimDrawer';
import {
  ACTION_COLORS, RULE_ACTIONS, money, shortId,
  type ConsoleRule, type GuaranteeRule, type PreviewResult, type RuleAction, type RuleDraft, type RulesResponse,
} from './aftersales';
import { guaranteeKeys } from '../shared/query-keys';

export function ActionTag({ action }: { action: RuleAction }) {
  const { t } = useTranslation('console');
  return <Tag color={ACTION_COLORS[action]}>{t(`aftersales.ruleActions.${action}`)}</Tag>;
}

/** 保障规则: the trust contracts in force, each published as versions; edits are previewed on past claims. */
export function GuaranteeRulesPage() {
  const { t } = useTranslation('console');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ConsoleRule | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<ConsoleRule | null>(null);
  const rules = useQuery({ queryKey: guaranteeKeys.consoleRules(), queryFn: () => api<RulesResponse>('/api/console/guarantee-rules') });
  const rows = useMemo(() => [...(rules.data?.rules ?? [])].sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key)), [rules.data]);

  const toggle = useMutation({
    mutationFn: (r: ConsoleRule) => api<GuaranteeRule>(`/api/console/guarantee-rules/${r.key}/versions`, {
      body: { name: r.name, description: r.description, condition: r.condition, action: r.action, priority: r.priority, active: !r.active },
    }),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: guaranteeKeys.rules() });
      message.success(t('rules.toggle.done', { name: row.name, version: row.version, state: t(row.active ? 'rules.toggle.on' : 'rules.toggle.off') }));
    },
    onError: (err) => message.error(err.message),
  });

  const confirmToggle = (r: ConsoleRule) => modal.confirm({
    title: t(r.active ? 'rules.toggle.offTitle' : 'rules.toggle.onTitle', { name: r.name }),
    content: t('rules.toggle.body', { version: r.version + 1, state: t(r.active ? 'rules.toggle.off' : 'rules.toggle.on') }),
    okText: t('rules.confirm.ok'),
    okButtonProps: { danger: r.active, ...({ 'data-testid': 'rule-toggle-ok' } as object) },
    cancelText: t('aftersales.cancel'),
    onOk: () => toggle.mutateAsync(r).catch(() => undefined),
  });

  const columns: ColumnsType<ConsoleRule> = [
    { title: t('rules.priority'), dataIndex: 'priority', width: 76, align: 'right', render: (v: number) => <span className="money">{v}</span> },
    {
      title: t('rules.name'), dataIndex: 'name', width: 220,
      render: (v: string, r) => (
        <div>
          <Space size={6} wrap><Typography.Text strong>{v}</Typography.Text><Tag className="version-tag">{t('rules.versionN', { n: r.version })}</Tag></Space>
          <div><code className="rule-key">{r.key}</code></div>
          <Tooltip title={r.description} placement="topLeft"><div className="cell-sub cell-clamp">{r.description}</div></Tooltip>
        </div>
      ),
    },
    { title: t('rules.action'), dataIndex: 'action', width: 108, render: (v: RuleAction) => <ActionTag action={v} /> },
    {
      title: t('rules.reading'), dataIndex: 'reading',
      render: (v: string, r) => (
        <div>
          <div className="rule-reading">{v}</div>
          <Tooltip title={<code>{r.condition}</code>} placement="topLeft"><code className="rule-code rule-code-sm cell-clamp">{r.condition}</code></Tooltip>
        </div>
      ),
    },
    {
      title: t('rules.active'), dataIndex: 'active', width: 64, align: 'center',
      render: (_: boolean, r) => (
        <Switch size="small" checked={r.active} loading={toggle.isPending && toggle.variables?.key === r.key}
          onChange={() => confirmToggle(r)} aria-label={`${r.name} ${t('rules.active')}`} data-testid="rule-active" />
      ),
    },
    { title: t('rules.decisions'), dataIndex: 'decisions', width: 84, align: 'right', render: (v: number) => <span className="money">{t('rules.decisionsN', { n: v })}</span> },
    {
      title: t('actions'), key: 'actions', width: 104,
      render: (_, r) => (
        <Space orientation="vertical" size={0} align="start">
          <Button type="link" size="small" className="link-tight" onClick={() => setEditing(r)} data-testid="rule-publish">{t('rules.publish')}</Button>
          <Button type="link" size="small" className="link-tight" onClick={() => setHistoryOf(r)} data-testid="rule-history">{t('rules.history')}</Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div style={{ maxWidth: 820 }}>
          <h2>{t('rules.title')}</h2>
          <div className="cell-sub">{t('rules.subtitle')}</div>
        </div>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="rule-create">{t('rules.create')}</Button>
      </div>
      {rules.isError ? (
        <Alert type="error" showIcon title={rules.error.message} action={<Button onClick={() => rules.refetch()}>{t('aftersales.retry')}</Button>} />
      ) : (
        <Table<ConsoleRule>
          className="aftersales-table"
          rowKey="key" loading={rules.isPending} dataSource={rows} columns={columns} scroll={{ x: 980 }}
          rowClassName={(r) => (r.active ? '' : 'row-inactive')} pagination={false}
          locale={{ emptyText: <Empty description={t('rules.empty')} /> }} data-testid="guarantee-rules-table"
        />
      )}
      <RuleEditor open={editing !== null} rule={editing === 'new' ? null : editing} facts={rules.data?.facts ?? []} rules={rows} onClose={() => setEditing(null)} />
      <VersionsDrawer rule={historyOf} onClose={() => setHistoryOf(null)} />
    </div>
  );
}

interface EditorValues extends RuleDraft { key?: string }
interface ConditionError { message: string; position: number | null }

const FIELD_ERRORS: Record<string, keyof EditorValues> = {
  'guarantee.key_invalid': 'key', 'guarantee.key_taken': 'key', 'guarantee.name_invalid': 'name',
  'guarantee.description_invalid': 'description', 'guarantee.priority_invalid': 'priority',
};

function draftOf(v: EditorValues): RuleDraft & { key?: string } {
  return {
    ...(v.key !== undefined ? { key: v.key.trim() } : {}),
    name: (v.name ?? '').trim(), description: (v.description ?? '').trim(), condition: (v.condition ?? '').trim(),
    action: v.action, priority: v.priority, active: v.active,
  };
}

/** Create a rule or publish the next version of one, with the impact on past claims before publishing. */
function RuleEditor({ open, rule, facts, rules, onClose }: { open: boolean; rule: ConsoleRule | null; facts: string[]; rules: ConsoleRule[]; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditorValues>();
  const [condError, setCondError] = useState<ConditionError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ result: PreviewResult; draft: string } | null>(null);
  const [claimId, setClaimId] = useState<string | null>(null);
  const { textarea, selection, remember, insertFact } = useFactInsertion(form, 'condition', () => setCondError(null));
  const previewRef = useRef<HTMLDivElement | null>(null);
  const condition: string = Form.useWatch('condition', form) ?? '';
  const values = Form.useWatch([], form) as EditorValues | undefined;
  const currentDraft = values ? JSON.stringify(draftOf({ ...values, key: rule ? undefined : values.key })) : '';
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
      : { key: '', name: '', description: '', condition: '', action: 'refund_now', priority: 60, active: true });
  }, [open, rule, form]);

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

  const runPreview = useMutation({
    mutationFn: (d: RuleDraft & { key?: string }) => api<PreviewResult>('/api/console/guarantee-rules/preview', { body: { ...d, ...(rule ? { existingKey: rule.key } : {}) } }),
    onSuccess: (result, d) => {
      setPreview({ result, draft: JSON.stringify(d) });
      requestAnimationFrame(() => previewRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    },
    onError: (err) => { setPreview(null); showError(err); },
  });

  const publish = useMutation({
    mutationFn: (d: RuleDraft & { key?: string }) => (rule
      ? api<GuaranteeRule>(`/api/console/guarantee-rules/${rule.key}/versions`, { body: d })
      : api<GuaranteeRule>('/api/console/guarantee-rules', { body: d })),
    onSuccess: async (row) => {
      // Also the version history, whose key starts with the same prefix.
      await queryClient.invalidateQueries({ queryKey: guaranteeKeys.rules() });
      message.success(t('rules.published', { name: row.name, version: row.version }));
      onClose();
    },
    onError: showError,
  });

  const validated = async () => {
    setError(null);
    setCondError(null);
    const v = await form.validateFields().catch(() => null);
    return v ? draftOf({ ...v, key: rule ? undefined : v.key }) : null;
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
            <Form.Item name="action" label={t('rules.editor.action')}>
              <Select<RuleAction> data-testid="rule-action"
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

function PreviewPanel({ result, stale, nameOf, onOpenClaim }: {
  result: PreviewResult; stale: boolean; nameOf: (key: string | null) => string | null; onOpenClaim: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('console');
  const byAction = RULE_ACTIONS.filter((a) => result.byAction[a]).map((a) => ({ action: a, ...result.byAction[a]! }));
  const decision = (d: { ruleKey: string | null; action: RuleAction }) => (
    <div>
      <ActionTag action={d.action} />
      <div className="cell-sub">{d.ruleKey ? nameOf(d.ruleKey) : t('rules.preview.noRule')}</div>
    </div>
  );
  return (
    <div className={`preview-panel${stale ? ' preview-stale' : ''}`} data-testid="rule-preview-result">
      <h3>{t('rules.preview.title')}</h3>
      {stale && <Alert type="warning" showIcon title={t('rules.preview.stale')} style={{ marginBottom: 12 }} />}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={8}><Statistic title={t('rules.preview.examined')} value={result.examined} /></Col>
        <Col span={8}>
          <Statistic title={t('rules.preview.changed')} value={result.changedCount}
            styles={{ content: { color: result.changedCount > 0 ? '#d9480f' : '#2f9e44' } }} />
        </Col>
      </Row>
      {result.changedCount === 0 && <Alert type="success" showIcon title={t('rules.preview.none')} style={{ marginBottom: 12 }} />}
      {byAction.length > 0 && (
        <>
          <div className="rule-help-title">{t('rules.preview.byAction')}</div>
          <Table
            size="small" rowKey="action" pagination={false} dataSource={byAction} style={{ marginBottom: 16, maxWidth: 460 }} data-testid="preview-by-action"
            columns={[
              { title: t('rules.preview.action'), dataIndex: 'action', render: (a: RuleAction) => <ActionTag action={a} /> },
              { title: t('rules.preview.now'), dataIndex: 'before', align: 'right', render: (n: number) => <span className="money">{n}</span> },
              { title: t('rules.preview.after'), dataIndex: 'after', align: 'right', render: (n: number) => <span className="money">{n}</span> },
              {
                title: t('rules.preview.delta'), key: 'delta', align: 'right',
                render: (_, r) => { const d = r.after - r.before; return <span className={`money ${d > 0 ? 'delta-up' : d < 0 ? 'delta-down' : 'cell-sub'}`}>{d > 0 ? `+${d}` : d === 0 ? '0' : d}</span>; },
              },
            ]}
          />
        </>
      )}
      {result.changed.length > 0 && (
        <>
          <div className="rule-help-title">
            {t('rules.preview.changedList')}
            {result.changedCount > result.changed.length && <span className="cell-sub"> · {t('rules.preview.shown', { n: result.changed.length })}</span>}
          </div>
          <Table
            size="small" rowKey="claimId" pagination={result.changed.length > 10 ? { pageSize: 10, size: 'small' } : false} dataSource={result.changed}
            data-testid="preview-changed"
            columns={[
              {
                title: t('rules.preview.claim'), dataIndex: 'claimId', width: 96,
                render: (id: string) => <a href={`#claim-${id}`} className="mono" onClick={(e) => { e.preventDefault(); onOpenClaim(id); }}>{shortId(id)}</a>,
              },
              { title: t('rules.preview.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => <span className="cell-time">{formatDateTime(v, i18n.language)}</span> },
              { title: t('rules.preview.kind'), dataIndex: 'kind', render: (k: string) => t(`aftersales.kinds.${k}`, { defaultValue: k }) },
              { title: t('rules.preview.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <span className="money">{money(v)}</span> },
              { title: t('rules.preview.before'), key: 'before', render: (_, r) => decision(r.before) },
              { title: t('rules.preview.afterRule'), key: 'after', render: (_, r) => decision(r.after) },
            ]}
          />
        </>
      )}
    </div>
  );
}

const DIFF_FIELDS = ['name', 'description', 'condition', 'action', 'priority', 'active'] as const;

function VersionsDrawer({ rule, onClose }: { rule: ConsoleRule | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const versions = useQuery({
    queryKey: guaranteeKeys.versions(rule?.key),
    queryFn: () => api<{ versions: GuaranteeRule[] }>(`/api/console/guarantee-rules/${rule!.key}/versions`),
    enabled: !!rule,
  });
  const list = versions.data?.versions ?? [];
  return (
    <Drawer title={rule ? t('rules.historyTitle', { name: rule.name }) : ''} open={!!rule} onClose={onClose} size={Math.min(640, window.innerWidth - 16)} destroyOnHidden data-testid="rule-versions">
      {versions.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {versions.isError && <Alert type="error" showIcon title={versions.error.message} action={<Button onClick={() => versions.refetch()}>{t('aftersales.retry')}</Button>} />}
      <div className="version-list">
        {list.map((v, i) => {
          const prev = list[i + 1];
          const changed = prev ? DIFF_FIELDS.filter((f) => v[f] !== prev[f]) : [];
          return (
            <div key={v.id} className={`version-card${i === 0 ? ' version-current' : ''}`} data-testid="rule-version">
              <div className="version-head">
                <Space size={6} wrap>
                  <Typography.Text strong>{t('rules.versionN', { n: v.version })}</Typography.Text>
                  {i === 0 && <Tag color="orange">{t('rules.current')}</Tag>}
                  <ActionTag action={v.action} />
                  {!v.active && <Tag>{t('rules.inactive')}</Tag>}
                  <span className="cell-sub">{t('rules.priority')} {v.priority}</span>
                </Space>
                <span className="cell-sub">{t('rules.publishedAt', { time: formatDateTime(v.createdAt, i18n.language) })}</span>
              </div>
              <div className="version-name">{v.name}</div>
              <code className="rule-code">{v.condition}</code>
              <div className="cell-sub" style={{ marginTop: 6 }}>{v.description}</div>
              <div className="version-diff">
                {prev
                  ? (changed.length ? t('rules.changedFields', { fields: changed.map((f) => t(`rules.fields.${f}`)).join('、') }) : t('rules.unchanged'))
                  : t('rules.firstVersion')}
              </div>
            </div>
          );
        })}
      </div>
    </Drawer>
  );
}
