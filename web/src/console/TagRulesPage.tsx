import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Form, Input, Space, Switch, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApiError, api } from '../shared/api';
import { useFactInsertion } from './ruleEditing';
import { formatDateTime } from './trustData';
import { trustKeys } from '../shared/query-keys';

interface TagRule { id: string; name: string; expression: string; description: string; active: boolean; createdAt: string; updatedAt: string }
interface TagRulesResponse { items: TagRule[]; facts: Record<string, string> }
interface RuleForm { name: string; expression: string; description: string }
interface ExpressionError { message: string; position: number | null }

const EXAMPLES = ['fresh', 'highTrust', 'newcomer', 'quality'] as const;

export function TagRulesPage() {
  const { t, i18n } = useTranslation('trust');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<TagRule | 'new' | null>(null);
  const rules = useQuery({ queryKey: trustKeys.tagRules(), queryFn: () => api<TagRulesResponse>('/api/tag-rules') });

  const toggle = useMutation({
    mutationFn: (r: TagRule) => api<TagRule>(`/api/tag-rules/${r.id}`, { method: 'PATCH', body: { active: !r.active } }),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: trustKeys.tagRules() });
      message.success(t(row.active ? 'tags.toggledOn' : 'tags.toggledOff', { name: row.name }));
    },
    onError: (err) => message.error(err.message),
  });

  const columns: ColumnsType<TagRule> = [
    { title: t('tags.name'), dataIndex: 'name', width: 150, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('tags.expression'), dataIndex: 'expression', render: (v: string) => <code className="rule-code">{v}</code> },
    { title: t('tags.description'), dataIndex: 'description', width: 260, render: (v: string) => v || <Typography.Text type="secondary">{t('none')}</Typography.Text> },
    {
      title: t('tags.active'), dataIndex: 'active', width: 90, align: 'center',
      render: (_: boolean, r) => (
        <Switch size="small" checked={r.active} loading={toggle.isPending && toggle.variables?.id === r.id} onChange={() => toggle.mutate(r)}
          aria-label={`${r.name} ${t('tags.active')}`} data-testid="tag-rule-active" />
      ),
    },
    { title: t('tags.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => <span className="cell-sub">{formatDateTime(v, i18n.language)}</span> },
    {
      title: t('actions'), key: 'actions', width: 80,
      render: (_, r) => <Button size="small" type="link" onClick={() => setEditing(r)} data-testid="tag-rule-edit">{t('tags.edit')}</Button>,
    },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div>
          <h2>{t('tags.title')}</h2>
          <div className="cell-sub">{t('tags.subtitle')}</div>
        </div>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="tag-rule-create">{t('tags.create')}</Button>
      </div>
      {rules.isError ? (
        <Alert type="error" showIcon message={rules.error.message} action={<Button onClick={() => rules.refetch()}>{t('retry')}</Button>} />
      ) : (
        <Table<TagRule>
          rowKey="id" loading={rules.isPending} dataSource={rules.data?.items} columns={columns} scroll={{ x: 960 }}
          rowClassName={(r) => (r.active ? '' : 'row-inactive')}
          pagination={{ pageSize: 50, hideOnSinglePage: true }} locale={{ emptyText: <Empty description={t('tags.empty')} /> }}
          data-testid="tag-rules-table"
        />
      )}
      <TagRuleDrawer open={editing !== null} rule={editing === 'new' ? null : editing} facts={rules.data?.facts ?? {}} onClose={() => setEditing(null)} />
    </div>
  );
}

function TagRuleDrawer({ open, rule, facts, onClose }: { open: boolean; rule: TagRule | null; facts: Record<string, string>; onClose: () => void }) {
  const { t } = useTranslation('trust');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const [exprError, setExprError] = useState<ExpressionError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { textarea, selection, remember, insertFact } = useFactInsertion(form, 'expression', () => setExprError(null));
  const expression = Form.useWatch('expression', form) ?? '';

  useEffect(() => {
    if (!open) return;
    setExprError(null);
    setError(null);
    selection.current = null;
    form.setFieldsValue({ name: rule?.name ?? '', expression: rule?.expression ?? '', description: rule?.description ?? '' });
  }, [open, rule, form]);

  const save = useMutation({
    mutationFn: (v: RuleForm) => rule
      ? api<TagRule>(`/api/tag-rules/${rule.id}`, { method: 'PATCH', body: { expression: v.expression.trim(), description: v.description.trim() } })
      : api<TagRule>('/api/tag-rules', { body: { name: v.name.trim(), expression: v.expression.trim(), description: v.description.trim() } }),
    onSuccess: async (row) => {
      await queryClient.invalidateQueries({ queryKey: trustKeys.tagRules() });
      message.success(rule ? t('tags.saved') : t('tags.created', { name: row.name }));
      onClose();
    },
    onError: (err) => {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'tag.syntax' || code === 'tag.unknown_fact') {
        setExprError({ message: err.message, position: err instanceof ApiError && typeof err.details.position === 'number' ? err.details.position : null });
      } else if (code === 'tag.name_taken' || code === 'tag.name_invalid') {
        form.setFields([{ name: 'name', errors: [err.message] }]);
      } else {
        setError(err.message);
      }
    },
  });

  const applyExample = (key: (typeof EXAMPLES)[number]) => {
    form.setFieldsValue({
      expression: t(`tags.example.${key}.expression`),
      ...(form.getFieldValue('description') ? {} : { description: t(`tags.example.${key}.description`) }),
    });
    setExprError(null);
    selection.current = null;
  };

  const pos = exprError?.position ?? null;
  const help = exprError ? (
    <div data-testid="tag-rule-error">
      <div>{exprError.message}</div>
      {pos !== null && (
        <pre className="rule-caret" aria-label={t('tags.errorAt', { position: pos })}>
          {expression.slice(0, pos - 1)}<mark>{expression.slice(pos - 1, pos) || ' '}</mark>{expression.slice(pos)}
        </pre>
      )}
    </div>
  ) : undefined;

  return (
    <Drawer
      title={rule ? t('tags.editTitle', { name: rule.name }) : t('tags.createTitle')}
      open={open} onClose={onClose} size={640} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('tags.cancel')}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="tag-rule-save">{t('tags.save')}</Button></Space>}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(v) => { setError(null); setExprError(null); save.mutate(v); }}>
        <Form.Item name="name" label={t('tags.name')} extra={rule ? t('tags.nameFixed') : undefined}
          rules={[{ required: true, whitespace: true, message: t('tags.required', { field: t('tags.name') }) }, { max: 20, message: t('tags.maxLen', { n: 20 }) }]}>
          <Input placeholder={t('tags.namePlaceholder')} maxLength={20} disabled={!!rule} data-testid="tag-rule-name" />
        </Form.Item>
        <Form.Item name="expression" label={t('tags.expression')} extra={exprError ? undefined : t('tags.expressionHint')}
          validateStatus={exprError ? 'error' : undefined} help={help}
          rules={[{ required: true, whitespace: true, message: t('tags.required', { field: t('tags.expression') }) }, { max: 2000, message: t('tags.maxLen', { n: 2000 }) }]}>
          <Input.TextArea
            className="rule-input" autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} spellCheck={false}
            placeholder={t('tags.expressionPlaceholder')} data-testid="tag-rule-expression"
            onChange={(e) => { remember(e.target); if (exprError) setExprError(null); }}
            onSelect={(e) => remember(e.currentTarget)} onFocus={(e) => remember(e.currentTarget)}
          />
        </Form.Item>

        <div className="rule-help">
          <div className="rule-help-title">{t('tags.facts')}</div>
          <div className="fact-grid" data-testid="tag-rule-facts">
            {Object.entries(facts).map(([name, description]) => (
              <button type="button" key={name} className="fact-chip" onClick={() => insertFact(name)} title={description}>
                <code>{name}</code>
                <span>{description}</span>
              </button>
            ))}
          </div>
          <div className="rule-help-title">{t('tags.syntax')}</div>
          <div className="cell-sub" style={{ marginBottom: 12 }}>{t('tags.syntaxBody')}</div>
          <div className="rule-help-title">{t('tags.examples')}</div>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {EXAMPLES.map((key) => (
              <Tooltip key={key} title={t(`tags.example.${key}.description`)} placement="left">
                <button type="button" className="example-chip" onClick={() => applyExample(key)}>
                  <code>{t(`tags.example.${key}.expression`)}</code>
                  <span className="cell-sub">{t(`tags.example.${key}.description`)}</span>
                </button>
              </Tooltip>
            ))}
          </Space>
        </div>

        <Form.Item name="description" label={t('tags.description')} style={{ marginTop: 16 }} rules={[{ max: 200, message: t('tags.maxLen', { n: 200 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount placeholder={t('tags.descriptionPlaceholder')} data-testid="tag-rule-description" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
