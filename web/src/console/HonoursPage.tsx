import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Empty, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime } from './trustData';
import { formatDate, type Honour } from './training';
import { GrantsDrawer } from './honours/GrantsDrawer';
import { HonourEditor } from './honours/HonourEditor';
import { useEvaluateHonours, useHonours, useToggleHonour } from './honours/useHonours';

/** 荣誉: honours leaders earn by a rule over their facts (evaluated daily, or now) or are granted by hand with a reason. */
export function HonoursPage() {
  const { t, i18n } = useTranslation('console');
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<Honour | 'new' | null>(null);
  const [grantsOf, setGrantsOf] = useState<Honour | null>(null);
  const [evaluated, setEvaluated] = useState<{ honours: number; granted: number; at: string } | null>(null);
  const honours = useHonours(i18n.language);
  const facts = honours.data?.facts ?? [];

  const toggle = useToggleHonour({
    onSuccess: (h) => { message.success(t(h.active ? 'honours.toggle.onDone' : 'honours.toggle.offDone', { name: h.name })); },
    onError: (err) => message.error(err.message),
  });

  const confirmToggle = (h: Honour) => {
    if (!h.active) { toggle.mutate(h); return; }
    modal.confirm({
      title: t('honours.toggle.offTitle', { name: h.name }),
      content: t('honours.toggle.offBody', { n: h.activeGrants }),
      okText: t('honours.toggle.offOk'), okButtonProps: { danger: true, ...({ 'data-testid': 'honour-toggle-ok' } as object) },
      cancelText: t('cancel', { ns: 'common' }),
      onOk: () => toggle.mutateAsync(h).catch(() => undefined),
    });
  };

  const evaluate = useEvaluateHonours({
    onSuccess: (r) => setEvaluated({ ...r, at: new Date().toISOString() }),
    onError: (err) => message.error(err.message),
  });

  const columns: ColumnsType<Honour> = [
    {
      title: t('honours.col.name'), dataIndex: 'name', width: 168,
      render: (v: string, h) => (
        <div>
          <Typography.Text strong>{v}</Typography.Text>
          {h.description && <Tooltip title={h.description} placement="topLeft"><div className="cell-sub cell-clamp">{h.description}</div></Tooltip>}
        </div>
      ),
    },
    {
      title: t('honours.col.rule'), key: 'rule',
      render: (_, h) => (h.rule ? (
        <div>
          <div className="rule-reading" data-testid="honour-rule-text">{h.ruleText ?? h.rule}</div>
          <Tooltip title={<code>{h.rule}</code>} placement="topLeft"><code className="rule-code rule-code-sm cell-clamp">{h.rule}</code></Tooltip>
        </div>
      ) : <Tag className="honour-manual-tag" data-testid="honour-manual">{t('honours.manual')}</Tag>),
    },
    {
      title: t('honours.col.active'), dataIndex: 'active', width: 72, align: 'center',
      render: (_: boolean, h) => (
        <Switch size="small" checked={h.active} loading={toggle.isPending && toggle.variables?.id === h.id}
          onChange={() => confirmToggle(h)} aria-label={`${h.name} ${t('honours.col.active')}`} data-testid="honour-active" />
      ),
    },
    {
      title: <Tooltip title={t('honours.col.holdersHint')}><span className="kpi-title">{t('honours.col.holders')}</span></Tooltip>,
      dataIndex: 'activeGrants', width: 96, align: 'right',
      render: (n: number, h) => (
        <Button type="link" size="small" className="link-tight money" onClick={() => setGrantsOf(h)} data-testid="honour-holders">{t('honours.holdersN', { n })}</Button>
      ),
    },
    {
      title: t('honours.col.updatedAt'), dataIndex: 'updatedAt', width: 104, responsive: ['xl'],
      render: (v: string) => <Tooltip title={formatDateTime(v, i18n.language)}><span className="cell-sub cell-time">{formatDate(v, i18n.language)}</span></Tooltip>,
    },
    {
      title: t('actions'), key: 'actions', width: 100, fixed: 'right',
      render: (_, h) => (
        <Space orientation="vertical" size={0} align="start">
          <Button type="link" size="small" className="link-tight" onClick={() => setEditing(h)} data-testid="honour-edit">{t('edit')}</Button>
          <Button type="link" size="small" className="link-tight" onClick={() => setGrantsOf(h)} data-testid="honour-grants">{t('honours.grants')}</Button>
        </Space>
      ),
    },
  ];

  const ruled = (honours.data?.items ?? []).filter((h) => h.rule && h.active).length;

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div style={{ maxWidth: 760 }}>
          <h2>{t('honours.title')}</h2>
          <div className="cell-sub">{t('honours.subtitle')}</div>
        </div>
        <Space wrap>
          <Tooltip title={t('honours.evaluateHint')}>
            <Button onClick={() => evaluate.mutate()} loading={evaluate.isPending} disabled={!honours.data} data-testid="honours-evaluate">{t('honours.evaluate')}</Button>
          </Tooltip>
          <Button type="primary" onClick={() => setEditing('new')} data-testid="honour-create">{t('honours.create')}</Button>
        </Space>
      </div>
      {evaluated && (
        <Alert
          type={evaluated.granted > 0 ? 'success' : 'info'} showIcon closable onClose={() => setEvaluated(null)} style={{ marginBottom: 16 }} data-testid="honours-evaluated"
          title={evaluated.honours === 0 ? t('honours.evaluated.noRules')
            : evaluated.granted > 0 ? t('honours.evaluated.granted', { honours: evaluated.honours, granted: evaluated.granted })
              : t('honours.evaluated.none', { honours: evaluated.honours })}
          description={t('honours.evaluated.note', { time: formatDateTime(evaluated.at, i18n.language) })}
        />
      )}
      {honours.isError ? (
        <Alert type="error" showIcon title={honours.error.message} action={<Button onClick={() => honours.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <>
          <Table<Honour>
            className="aftersales-table" rowKey="id" loading={honours.isPending} dataSource={honours.data?.items} columns={columns}
            scroll={{ x: 720 }} pagination={false} rowClassName={(h) => (h.active ? '' : 'row-inactive')} data-testid="honours-table"
            locale={{ emptyText: <Empty description={t('honours.empty')} /> }}
          />
          {honours.data && <div className="cell-sub" style={{ marginTop: 10 }}>{t('honours.footer', { n: ruled })}</div>}
        </>
      )}
      <HonourEditor open={editing !== null} honour={editing === 'new' ? null : editing} facts={facts} onClose={() => setEditing(null)}
        onCreated={(h) => { if (h.rule) message.info(t('honours.editor.evaluateNext'), 5); }} />
      <GrantsDrawer honour={grantsOf ? (honours.data?.items.find((h) => h.id === grantsOf.id) ?? grantsOf) : null} facts={facts} onClose={() => setGrantsOf(null)} />
    </div>
  );
}
