import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Empty, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ConsoleRule, type RuleAction } from './aftersales';
import { PLATFORM_SCOPE, RuleEditor } from './guarantee-rules/RuleEditor';
import { VersionsDrawer } from './guarantee-rules/VersionsDrawer';
import { ActionTag } from './guarantee-rules/ActionTag';
import { useConsoleRules, useToggleRule } from './guarantee-rules/useGuaranteeRules';

/** 保障规则: the trust contracts in force, each published as versions; edits are previewed on past claims. */
export function GuaranteeRulesPage() {
  const { t } = useTranslation('console');
  const { t: tg } = useTranslation('guarantee');
  const { message, modal } = App.useApp();
  /** 'all', the platform's rules, or one campaign's (its id). */
  const [scope, setScope] = useState<string>('all');
  const [editing, setEditing] = useState<ConsoleRule | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<ConsoleRule | null>(null);
  const rules = useConsoleRules();
  const all = useMemo(() => [...(rules.data?.rules ?? [])].sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key)), [rules.data]);
  const rows = useMemo(() => all.filter((r) => scope === 'all' || (scope === PLATFORM_SCOPE ? r.campaignId === null : r.campaignId === scope)), [all, scope]);
  const campaigns = rules.data?.campaigns ?? [];
  const campaignName = (id: string) => campaigns.find((c) => c.id === id)?.name ?? id;

  const toggle = useToggleRule({
    onSuccess: (row) => {
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
          {r.campaignId && <div><Tag color="green" data-testid="rule-scope-tag">{tg('console.campaign', { name: campaignName(r.campaignId) })}</Tag></div>}
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
        <Space wrap>
          <Select<string> value={scope} onChange={setScope} style={{ minWidth: 220 }} aria-label={tg('console.scope')} data-testid="rule-scope-filter"
            options={[
              { value: 'all', label: tg('console.filterAll') },
              { value: PLATFORM_SCOPE, label: tg('console.filterPlatform') },
              ...campaigns.map((c) => ({ value: c.id, label: tg('console.campaign', { name: c.name }) })),
            ]} />
          <Button type="primary" onClick={() => setEditing('new')} data-testid="rule-create">{t('rules.create')}</Button>
        </Space>
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
      <RuleEditor open={editing !== null} rule={editing === 'new' ? null : editing} facts={rules.data?.facts ?? []} rules={all} campaigns={campaigns}
        initialScope={scope === 'all' ? PLATFORM_SCOPE : scope} onClose={() => setEditing(null)} />
      <VersionsDrawer rule={historyOf} onClose={() => setHistoryOf(null)} />
    </div>
  );
}
