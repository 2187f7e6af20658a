import { useTranslation } from 'react-i18next';
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { yuan } from '../../shared/api';
import { type LeaderRow, type MonthRow, TIER_COLORS, formatDateTime, pct } from '../trustData';
import { useRecomputeLeaderIndex } from './useTrustDashboard';

export function MonthlyTable({ months, loading, selected, onMonth }: { months: MonthRow[]; loading: boolean; selected?: string; onMonth: (m: string) => void }) {
  const { t } = useTranslation('trust');
  const none = <Typography.Text type="secondary">{t('none')}</Typography.Text>;
  const money = (v: number) => <span className="money">{yuan(v)}</span>;
  const columns: ColumnsType<MonthRow> = [
    { title: t('monthly.month'), dataIndex: 'month', width: 84, fixed: 'left' },
    { title: t('monthly.buyers'), dataIndex: 'buyers', align: 'right', width: 68 },
    { title: t('monthly.orders'), dataIndex: 'orders', align: 'right', width: 68 },
    { title: t('monthly.gmv'), dataIndex: 'gmvFen', align: 'right', width: 92, render: money },
    { title: t('monthly.refunds'), dataIndex: 'refundsFen', align: 'right', width: 84, render: money },
    { title: t('monthly.claimRefunds'), dataIndex: 'claimRefundFen', align: 'right', width: 90, render: money },
    { title: t('monthly.aov'), dataIndex: 'aovFen', align: 'right', width: 86, render: (v: number | null) => (v == null ? none : money(v)) },
    { title: t('monthly.arpu'), dataIndex: 'arpuFen', align: 'right', width: 96, render: (v: number | null) => (v == null ? none : money(v)) },
    {
      title: t('monthly.repurchase'), key: 'repurchase', align: 'right', width: 96,
      render: (_, r) => <>{r.repurchaseRate == null ? none : pct(r.repurchaseRate)}<div className="cell-sub">{t('monthly.repeatOfPrevious', { repeat: r.repeatBuyers, prev: r.previousBuyers })}</div></>,
    },
    {
      title: t('monthly.pickup'), key: 'pickup', align: 'right', width: 86,
      render: (_, r) => <>{r.pickupRate == null ? none : pct(r.pickupRate)}<div className="cell-sub">{t('monthly.pickedOfReady', { picked: r.pickedUp, ready: r.readyOrHandedOver })}</div></>,
    },
    {
      title: <Tooltip title={t('kpi.claimRateHelp')}><span className="kpi-title">{t('monthly.claimRate')}</span></Tooltip>, key: 'claims', align: 'right', width: 86,
      render: (_, r) => <>{r.claimRate == null ? none : pct(r.claimRate)}{(r.orders > 0 || r.claims > 0) && <div className="cell-sub">{t('monthly.countOf', { k: r.claims, n: r.orders })}</div>}</>,
    },
    {
      title: <Tooltip title={t('kpi.complaintRateHelp')}><span className="kpi-title">{t('monthly.complaintRate')}</span></Tooltip>, key: 'complaints', align: 'right', width: 86,
      render: (_, r) => <>{r.complaintRate == null ? none : pct(r.complaintRate)}{(r.orders > 0 || r.complaints > 0) && <div className="cell-sub">{t('monthly.countOf', { k: r.complaints, n: r.orders })}</div>}</>,
    },
  ];
  return (
    <Table<MonthRow> rowKey="month" size="small" loading={loading} dataSource={[...months].reverse()} columns={columns}
      pagination={false} scroll={{ x: 1022 }} data-testid="monthly-table"
      rowClassName={(r) => `clickable-row${r.month === selected ? ' row-selected' : ''}`}
      onRow={(r) => ({ onClick: () => onMonth(r.month) })} />
  );
}

export function LeadersTable({ rows, loading, onOpen, onDrill, drilledId }: {
  rows: LeaderRow[]; loading: boolean; onOpen: (l: LeaderRow) => void; onDrill: (l: LeaderRow) => void; drilledId: string | null;
}) {
  const { t, i18n } = useTranslation('trust');
  const { message } = App.useApp();
  const recompute = useRecomputeLeaderIndex({
    onSuccess: (value, l) => message.success(t('leaders.recomputed', { name: l.leaderName, value: value.toFixed(1) })),
    onError: (err) => message.error(err.message),
  });

  const columns: ColumnsType<LeaderRow> = [
    { title: t('leaders.community'), dataIndex: 'communityName', width: 140 },
    {
      title: t('leaders.leader'), key: 'leader', width: 170,
      render: (_, l) => <><Typography.Text strong>{l.leaderName}</Typography.Text>{l.title && <div className="cell-sub">{l.title}</div>}</>,
    },
    {
      title: t('leaders.index'), key: 'index', width: 190, sorter: (a, b) => (a.indexValue ?? -1) - (b.indexValue ?? -1),
      render: (_, l) => l.indexValue == null || !l.tier ? <Typography.Text type="secondary">{t('leaders.notComputed')}</Typography.Text> : (
        <Space size={8} align="center">
          <span className="index-value">{l.indexValue.toFixed(1)}</span>
          <Tag color={TIER_COLORS[l.tier]} style={{ marginInlineEnd: 0 }}>{t(`tiers.${l.tier}`)}</Tag>
          {l.reason === 'provisional' ? (
            <Tooltip title={t('leaders.provisionalHint', { orders: l.orders ?? 0 })}><Tag bordered={false}>{t('leaders.reason.provisional')}</Tag></Tooltip>
          ) : l.reason && l.reason !== 'unchanged' ? <Tag bordered={false}>{t(`leaders.reason.${l.reason}`)}</Tag> : null}
        </Space>
      ),
    },
    { title: t('leaders.commission'), dataIndex: 'commissionRate', width: 90, align: 'right', render: (v: number) => pct(v) },
    {
      title: <Tooltip title={t('leaders.ordersHint')}><span className="kpi-title">{t('leaders.orders')}</span></Tooltip>,
      dataIndex: 'orders', width: 100, align: 'right', render: (v: number | null) => v ?? t('none'),
    },
    { title: t('leaders.computedAt'), dataIndex: 'computedAt', width: 160, render: (v: string | null) => (v ? formatDateTime(v, i18n.language) : t('none')) },
    {
      title: t('actions'), key: 'actions', width: 210,
      render: (_, l) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => onOpen(l)} data-testid="leader-details">{t('leaders.details')}</Button>
          <Tooltip title={t('leaders.monthlyHint', { name: l.leaderName })}>
            <Button size="small" type="link" disabled={drilledId === l.leaderId} onClick={() => onDrill(l)} data-testid="leader-monthly">{t('leaders.monthly')}</Button>
          </Tooltip>
          <Popconfirm
            title={t('leaders.recomputeConfirm', { name: l.leaderName })} description={<div style={{ maxWidth: 260 }}>{t('leaders.recomputeHint')}</div>}
            okText={t('leaders.recompute')} cancelText={t('cancel', { ns: 'common' })}
            onConfirm={() => recompute.mutateAsync(l).catch(() => undefined)}
          >
            <Button size="small" type="link" loading={recompute.isPending && recompute.variables?.leaderId === l.leaderId} data-testid="recompute-leader">
              {t('leaders.recompute')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <Table<LeaderRow>
      rowKey={(l) => `${l.communityId}:${l.leaderId}`} loading={loading} dataSource={rows} columns={columns} scroll={{ x: 1060 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: <Empty description={t('leaders.empty')} /> }}
      data-testid="leaders-table"
    />
  );
}
